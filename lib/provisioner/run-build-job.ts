import "server-only";
import { mkdir, rm } from "node:fs/promises";
import { startAgentProcess } from "@/lib/workspace-agents/agent-process";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { SpawnFailedError } from "@/lib/processes/spawn-failure";
import { sandboxDir } from "@/lib/sandbox/sandbox-paths";
import { removeWorkspaceLimits } from "@/lib/sandbox/workspace-limits";
import { workspaceIsolation } from "@/lib/sandbox/workspace-isolation";
import { prepareWorkspaceSandbox, type WorkspaceSandbox } from "@/lib/sandbox/workspace-sandbox";
import { createBuildAgents } from "./create-build-agents";
import { finishJob } from "./finish-job";
import { JobLogWriter } from "./job-log-writer";
import { forgetJobProcessGroups } from "./job-process-groups";
import { loadJobContext, type JobContext } from "./load-job-context";
import { releaseJobProcesses } from "./release-job-processes";
import { runBuildSteps } from "./run-build-steps";
import { stopWorkspaceAgents } from "./stop-workspace-agents";

const SETUP = "Setting up";
const AGENTS = "Starting agents";
const CLEANUP = "Cleaning up";
const RESULT = "Result";

/** Abort reason of jobs stopped because their provisioner is shutting down, not canceled. */
export const PROVISIONER_SHUTDOWN = "provisioner_shutdown";

/** The error of a start build stopped when its agents were being started. */
const AGENTS_INTERRUPTED = "interrupted while starting agents";

type Outcome = { error: string | null; errorCode: string | null };

/**
 * Runs one claimed job to its end: start (build steps, then agents), stop (agents down) or
 * delete (agents down, folder removed, workspace marked deleted). Never throws: any failure
 * becomes the job's error, and a failed start stops the agents it started. Aborted with
 * PROVISIONER_SHUTDOWN, the job fails with `stoppedError`.
 */
export async function runBuildJob({
  jobId,
  workerId,
  signal,
  stoppedError,
}: {
  jobId: string;
  workerId: string;
  signal: AbortSignal;
  stoppedError: string;
}) {
  const logs = new JobLogWriter(jobId);
  let context: JobContext | undefined;
  let outcome: Outcome;
  try {
    context = await loadJobContext(jobId);
    const { workspace, transition, buildNumber } = context;
    logs.write(SETUP, `Build #${buildNumber} (${transition}) of ${workspace.ownerName}/${workspace.name}, on provisioner ${workerId}.`);
    outcome = await TRANSITIONS[transition](context, logs, signal);
  } catch (error) {
    console.error(`job ${jobId} failed:`, error);
    logs.write(SETUP, `Internal error: ${(error as Error).message}`, "error");
    outcome = { error: `internal error: ${(error as Error).message}`, errorCode: "internal" };
  }
  if (signal.aborted && signal.reason === PROVISIONER_SHUTDOWN) {
    outcome = { error: stoppedError, errorCode: "provisioner_shutdown" };
  } else if (signal.aborted && (!outcome.error || outcome.error === AGENTS_INTERRUPTED)) {
    outcome = { error: "build was canceled", errorCode: "canceled" };
  }
  const workspaceId = context?.workspace.id ?? (await workspaceIdOfJob(jobId));
  // The steps' groups were stopped by runScript; a failed start keeps none of its agents.
  await forgetJobProcessGroups({ jobId });
  if (outcome.error && context?.transition === "start") await releaseJobProcesses({ jobId, workspaceId, logs });
  logs.write(RESULT, outcome.error ? `Build failed: ${outcome.error}` : "Build succeeded.", outcome.error ? "error" : "info");
  await logs.flush();
  await finishJob({ jobId, workspaceId, ...outcome });
}

const TRANSITIONS: Record<JobContext["transition"], (c: JobContext, l: JobLogWriter, s: AbortSignal) => Promise<Outcome>> = {
  start: startWorkspace,
  stop: stopWorkspace,
  delete: deleteWorkspace,
};

async function startWorkspace(context: JobContext, logs: JobLogWriter, signal: AbortSignal): Promise<Outcome> {
  const isolation = await workspaceIsolation();
  if (isolation.mode === "none" && isolation.required) {
    const error = `workspace isolation is required (KILN_WORKSPACE_ISOLATION=required) but the sandbox does not work on provisioner host: ${isolation.reason}`;
    logs.write(SETUP, error, "error");
    return { error, errorCode: "isolation_unavailable" };
  }
  await mkdir(context.directory, { recursive: true });
  let sandbox: WorkspaceSandbox | null = null;
  if (isolation.mode === "sandbox") {
    sandbox = await prepareWorkspaceSandbox({ workspace: context.workspace, home: context.directory, spec: context.spec });
    logs.write(
      SETUP,
      `Sandbox: home ${sandbox.homeInside}, network ${sandbox.network}, limits ${sandbox.limits.memoryMb} MB and ${sandbox.limits.pids} processes (${sandbox.limits.kind}).`,
    );
  } else {
    logs.write(SETUP, `Not isolated: ${isolation.reason ?? "no sandbox"}. Scripts run as processes of the provisioner's host.`, "warn");
  }
  const steps = await runBuildSteps({ context, logs, signal, sandbox });
  if (!steps.ok) return { error: steps.error, errorCode: steps.errorCode };
  // A start on a running workspace replaces its agents.
  await stopWorkspaceAgents({ workspaceId: context.workspace.id, exceptJobId: context.jobId, logs });
  const agents = await createBuildAgents(context, { directory: sandbox?.homeInside ?? context.directory });
  for (const agent of agents) {
    // Stopped (cancel, shutdown) meanwhile: start no more; the caller stops those started.
    if (signal.aborted) return { error: AGENTS_INTERRUPTED, errorCode: "canceled" };
    let pid: number;
    try {
      pid = await startAgentProcess({
        agentId: agent.id,
        token: agent.token,
        directory: context.directory,
        serverUrl: config().accessUrl,
        sandbox,
      });
    } catch (error) {
      if (!(error instanceof SpawnFailedError)) throw error;
      logs.write(AGENTS, `Agent ${agent.name} ${error.message}.`, "error");
      return { error: `agent "${agent.name}" ${error.message}`, errorCode: "agent_failed" };
    }
    logs.write(AGENTS, `Agent ${agent.name} started (pid ${pid}).`);
  }
  const prisma = await db();
  const now = new Date();
  await prisma.workspace.update({
    where: { id: context.workspace.id },
    data: { deadline: context.workspace.ttlMs ? new Date(now.getTime() + Number(context.workspace.ttlMs)) : null },
  });
  return { error: null, errorCode: null };
}

async function stopWorkspace(context: JobContext, logs: JobLogWriter): Promise<Outcome> {
  await stopWorkspaceAgents({ workspaceId: context.workspace.id, exceptJobId: context.jobId, logs });
  await removeWorkspaceLimits({ workspaceId: context.workspace.id });
  const prisma = await db();
  await prisma.workspace.update({ where: { id: context.workspace.id }, data: { deadline: null } });
  return { error: null, errorCode: null };
}

async function deleteWorkspace(context: JobContext, logs: JobLogWriter): Promise<Outcome> {
  await stopWorkspaceAgents({ workspaceId: context.workspace.id, exceptJobId: context.jobId, logs });
  logs.write(CLEANUP, `Removing ${context.directory}`);
  await rm(context.directory, { recursive: true, force: true });
  await rm(sandboxDir(context.workspace.id), { recursive: true, force: true });
  await removeWorkspaceLimits({ workspaceId: context.workspace.id });
  const prisma = await db();
  // finishJob publishes the workspace's change once the job is over.
  await prisma.workspace.update({ where: { id: context.workspace.id }, data: { deleted: true, deadline: null } });
  return { error: null, errorCode: null };
}

async function workspaceIdOfJob(jobId: string): Promise<string> {
  const prisma = await db();
  const build = await prisma.workspaceBuild.findUniqueOrThrow({ where: { jobId }, select: { workspaceId: true } });
  return build.workspaceId;
}
