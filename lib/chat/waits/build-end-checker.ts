import "server-only";
import { db } from "@/lib/db/client";
import { toolConfig } from "../tools/tool-config";

type Checker = { waits: Map<string, Set<() => void>>; timer: NodeJS.Timeout | undefined; checking: boolean };

const globalState = globalThis as unknown as { __kilnBuildEndChecker?: Checker };

/** Wakes the waits of every build among those waited for that has finished. */
async function check(checker: Checker): Promise<void> {
  // A slow database: the next tick skips rather than piling statements up.
  if (checker.checking || checker.waits.size === 0) return;
  checker.checking = true;
  try {
    const prisma = await db();
    const finished = await prisma.$queryRaw<{ id: string }[]>`
      SELECT b.id::text AS id FROM workspace_builds b JOIN provisioner_jobs j ON j.id = b."jobId"
       WHERE b.id = ANY(${[...checker.waits.keys()]}::uuid[]) AND j."completedAt" IS NOT NULL`;
    for (const { id } of finished) for (const notify of checker.waits.get(id) ?? []) notify();
  } catch (error) {
    console.error(`re-check of ${checker.waits.size} build wait(s) failed:`, error);
  } finally {
    checker.checking = false;
  }
}

/**
 * The slow fallback of the build waits, in case a notification was lost: every re-check
 * interval, one statement looks at every build this process waits for and wakes the waits of
 * those that finished. A burst of waits costs one statement per interval, not one per wait.
 * Returns the function that stops watching.
 */
export function watchBuildEnd(buildId: string, notify: () => void): () => void {
  const checker = (globalState.__kilnBuildEndChecker ??= { waits: new Map(), timer: undefined, checking: false });
  let waits = checker.waits.get(buildId);
  if (!waits) {
    waits = new Set();
    checker.waits.set(buildId, waits);
  }
  waits.add(notify);
  checker.timer ??= setInterval(() => void check(checker), toolConfig().recheckMs);
  return () => {
    waits.delete(notify);
    if (waits.size === 0 && checker.waits.get(buildId) === waits) checker.waits.delete(buildId);
    if (checker.waits.size > 0) return;
    clearInterval(checker.timer);
    checker.timer = undefined;
  };
}
