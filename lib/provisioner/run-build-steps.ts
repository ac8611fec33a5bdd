import "server-only";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { runScript } from "@/lib/processes/run-script";
import type { NetworkOutcome } from "@/lib/sandbox/outbound-network";
import { spawnSandboxed } from "@/lib/sandbox/spawn-sandboxed";
import type { WorkspaceSandbox } from "@/lib/sandbox/workspace-sandbox";
import type { JobLogWriter } from "./job-log-writer";
import { recordJobProcessGroup } from "./job-process-groups";
import { buildEnvironment, type JobContext } from "./load-job-context";

export type StepsOutcome = { ok: true } | { ok: false; canceled: boolean; error: string; errorCode: string };

/**
 * Runs the template's build steps in order in the workspace folder, each in its own process
 * group with its timeout, storing every output line and each step's start and end.
 */
export async function runBuildSteps({
  context,
  logs,
  signal,
  sandbox = null,
}: {
  context: JobContext;
  logs: JobLogWriter;
  signal: AbortSignal;
  /** The workspace's sandbox; null runs the steps as processes of the provisioner (isolation none). */
  sandbox?: WorkspaceSandbox | null;
}): Promise<StepsOutcome> {
  const prisma = await db();
  const env = buildEnvironment(context, sandbox);
  for (const [position, step] of context.spec.build.entries()) {
    const timing = await prisma.provisionerJobTiming.create({
      data: { jobId: context.jobId, stage: step.name, position, startedAt: new Date() },
    });
    // Followers show "step N of M": tell them a step began.
    await (await pubsub()).publish(channels.job(context.jobId), "step");
    let lastError = "";
    const oomBefore = await sandbox?.oomKills();
    const network: Promise<NetworkOutcome>[] = [];
    const outcome = await runScript({
      script: step.run,
      cwd: context.directory,
      env,
      timeoutSeconds: step.timeout,
      signal,
      killLeftovers: true,
      onSpawn: (pid) => void recordJobProcessGroup({ jobId: context.jobId, pgid: pid }),
      // The sandbox dies with the provisioner: a build step never outlives its job.
      spawn: sandbox
        ? (argv, stepEnv, spawnOptions) => {
            const launched = spawnSandboxed(sandbox.command(argv, { env: stepEnv, dieWithParent: true }), spawnOptions);
            if (launched.network) {
              network.push(
                launched.network.then((outcome) => {
                  if (outcome.pid === null) logs.write(step.name, `Outbound network unavailable: ${outcome.error}.`, "warn");
                  return outcome;
                }),
              );
            }
            return launched.child;
          }
        : undefined,
      onLine: (line, stream) => {
        if (stream === "stderr" && line.trim()) lastError = line.trim();
        logs.write(step.name, line, stream === "stderr" ? "error" : "info");
      },
    });
    for (const { pid } of await Promise.all(network)) if (pid !== null) signalProcess(pid, "SIGKILL");
    const exitCode = outcome.kind === "exited" ? outcome.exitCode : null;
    const oomAfter = await sandbox?.oomKills();
    if (sandbox && exitCode !== 0 && oomAfter != null && oomAfter > (oomBefore ?? 0)) {
      logs.write(step.name, `A process of build step "${step.name}" was killed: the workspace went over its memory limit of ${sandbox.limits.memoryMb} MB.`, "error");
      lastError = `killed: over the workspace's memory limit of ${sandbox.limits.memoryMb} MB`;
    }
    await prisma.provisionerJobTiming.update({ where: { id: timing.id }, data: { endedAt: new Date(), exitCode } });
    if (outcome.kind === "exited" && outcome.exitCode === 0) continue;
    switch (outcome.kind) {
      case "aborted":
        logs.write(step.name, `Build step "${step.name}" canceled.`, "warn");
        return { ok: false, canceled: true, error: "build was canceled", errorCode: "canceled" };
      case "timeout":
        logs.write(step.name, `Build step "${step.name}" timed out after ${step.timeout} s.`, "error");
        return { ok: false, canceled: false, error: `build step "${step.name}" timed out after ${step.timeout} s`, errorCode: "step_timeout" };
      case "spawn_error":
        logs.write(step.name, `Build step "${step.name}" could not start: ${outcome.message}.`, "error");
        return { ok: false, canceled: false, error: `build step "${step.name}" could not start: ${outcome.message}`, errorCode: "step_failed" };
      case "exited":
        logs.write(step.name, `Build step "${step.name}" failed with exit code ${outcome.exitCode}.`, "error");
        return {
          ok: false,
          canceled: false,
          error: `build step "${step.name}" failed with exit code ${outcome.exitCode}${lastError ? `: ${lastError}` : ""}`,
          errorCode: "step_failed",
        };
    }
  }
  return { ok: true };
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone with its namespace.
  }
}
