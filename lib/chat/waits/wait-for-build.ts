import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { jobStatus } from "@/lib/provisioner/job-status";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { Wakeup } from "@/lib/sse/wait-for-signal";
import { toolConfig } from "../tools/tool-config";
import { watchBuildEnd } from "./build-end-checker";

/** An agent a finished build made, with the fields the chat's agent is chosen by. */
const buildAgentSchema = z.object({ id: z.string(), name: z.string(), displayOrder: z.number().int(), isChat: z.boolean() });

export type BuildAgent = z.infer<typeof buildAgentSchema>;

export type BuildWaitResult =
  | { ok: true; agents: BuildAgent[] }
  | { ok: false; reason: string; kind: "failed" | "canceled" | "timeout" };

type JobCheck = { startedAt: Date | null; completedAt: Date | null; canceledAt: Date | null; error: string | null; agents: unknown };

/**
 * The build's job and, once it is finished, the agents it made: the one statement a wake-up costs,
 * so the tool goes on to its agent without reading the workspace again.
 */
async function checkBuild(buildId: string): Promise<JobCheck> {
  const prisma = await db();
  const [row] = await prisma.$queryRaw<JobCheck[]>`
    SELECT j."startedAt", j."completedAt", j."canceledAt", j.error,
           CASE WHEN j."completedAt" IS NULL THEN '[]'::json ELSE COALESCE((
             SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'displayOrder', a."displayOrder", 'isChat', a."isChat"))
               FROM workspace_resources r JOIN workspace_agents a ON a."resourceId" = r.id
              WHERE r."jobId" = j.id), '[]'::json) END AS agents
      FROM workspace_builds b JOIN provisioner_jobs j ON j.id = b."jobId"
     WHERE b.id = ${buildId}::uuid`;
  if (!row) throw new Error(`build ${buildId} not found`);
  return row;
}

/**
 * Waits for one build (by id, never "the latest") to finish. Woken by its job's notifications
 * within milliseconds, and by the process's shared re-check (build-end-checker.ts) on the slow
 * fallback interval in case one was lost. A success
 * comes with the build's agents (read in the same statement as the job).
 */
export async function waitForBuild({
  buildId,
  signal,
  timeoutMs = toolConfig().buildTimeoutMs,
}: {
  buildId: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<BuildWaitResult> {
  const prisma = await db();
  const { jobId } = await prisma.workspaceBuild.findUniqueOrThrow({ where: { id: buildId }, select: { jobId: true } });
  const wakeup = new Wakeup();
  let unsubscribe = () => {};
  let offReconnect = () => {};
  if (toolConfig().eventDriven) {
    const bus = await pubsub();
    unsubscribe = await bus.subscribe(channels.job(jobId), (payload) => {
      // Only an end (or a cancel) can finish the wait: log lines and step starts do not.
      if (payload !== "logs" && payload !== "step") wakeup.notify();
    });
    offReconnect = bus.onReconnect(wakeup.notify);
  }
  // The fallback in case a notification was lost: one re-check for all the process's build waits.
  const unwatch = watchBuildEnd(buildId, wakeup.notify);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const job = await checkBuild(buildId);
      const status = jobStatus(job);
      if (status === "succeeded") return { ok: true, agents: z.array(buildAgentSchema).parse(job.agents) };
      if (status === "failed") return { ok: false, kind: "failed", reason: job.error || "build failed" };
      if (status === "canceled") return { ok: false, kind: "canceled", reason: "build was canceled" };
      const left = deadline - Date.now();
      if (left <= 0 || signal?.aborted) {
        return {
          ok: false,
          kind: "timeout",
          reason: `timed out waiting for workspace build: still ${status} after ${Math.round(timeoutMs / 1000)} s`,
        };
      }
      await wakeup.wait(left, signal);
    }
  } finally {
    unwatch();
    unsubscribe();
    offReconnect();
  }
}
