import "server-only";
import { db } from "@/lib/db/client";
import { jobStatus } from "@/lib/provisioner/job-status";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { Wakeup } from "@/lib/sse/wait-for-signal";
import { toolConfig } from "../tools/tool-config";

export type BuildWaitResult =
  | { ok: true }
  | { ok: false; reason: string; kind: "failed" | "canceled" | "timeout" };

/**
 * Waits for one build (by id, never "the latest") to finish. Woken by its job's notifications
 * within milliseconds; re-checks on the slow fallback interval in case one was lost.
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
      if (payload !== "logs") wakeup.notify();
    });
    offReconnect = bus.onReconnect(wakeup.notify);
  }
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const job = await prisma.provisionerJob.findUniqueOrThrow({ where: { id: jobId } });
      const status = jobStatus(job);
      if (status === "succeeded") return { ok: true };
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
      await wakeup.wait(Math.min(left, toolConfig().recheckMs), signal);
    }
  } finally {
    unsubscribe();
    offReconnect();
  }
}
