import "server-only";
import { JobLogWriter } from "./job-log-writer";
import { killJobProcessGroups } from "./job-process-groups";
import { stopWorkspaceAgents } from "./stop-workspace-agents";

const STAGE = "Cleaning up";

/**
 * Stops everything a failed or abandoned job started: what is left of its build steps, and the
 * agents it created (running, or never started and "connecting" forever). Writes what it did
 * to the job's log.
 */
export async function releaseJobProcesses({
  jobId,
  workspaceId,
  logs = new JobLogWriter(jobId),
}: {
  jobId: string;
  workspaceId: string | null;
  /** The job's writer when the job is still being run, so its lines stay in order. */
  logs?: JobLogWriter;
}): Promise<void> {
  const killed = await killJobProcessGroups({ jobId });
  if (killed.length > 0) logs.write(STAGE, `Killed ${killed.length} build step process group(s) left running.`, "warn");
  if (workspaceId) await stopWorkspaceAgents({ workspaceId, jobId, logs });
  await logs.flush();
}
