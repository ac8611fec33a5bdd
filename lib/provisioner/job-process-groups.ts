import "server-only";
import { appendFileSync, mkdirSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { config } from "@/lib/config";
import { markedGroups, signalGroup } from "@/lib/processes/process-group";

// Build steps run detached, in their own process groups, so a provisioner that dies (kill -9, a
// crash) leaves them running. Each group is recorded in `<dataDir>/jobs/<jobId>.pgids` as it
// starts, so whoever fails the abandoned job (the reaper, a restart) can kill them: otherwise a
// step could go on beside a retry in the same folder.

/** Environment variable every build step carries: tells our groups from reused group ids. */
export const JOB_ID_VARIABLE = "KILN_JOB_ID";

const groupsPath = (jobId: string) => path.join(config().dataDir, "jobs", `${jobId}.pgids`);

/** Records a step's process group before anything else happens (synchronous: a crash can come next). */
export function recordJobProcessGroup({ jobId, pgid }: { jobId: string; pgid: number }): void {
  mkdirSync(path.dirname(groupsPath(jobId)), { recursive: true });
  appendFileSync(groupsPath(jobId), `${pgid}\n`);
}

/** Forgets the job's groups once its steps are over (their processes were already stopped). */
export async function forgetJobProcessGroups({ jobId }: { jobId: string }): Promise<void> {
  await rm(groupsPath(jobId), { force: true });
}

/** SIGKILLs what is left of the job's build steps, then forgets them. Returns the groups killed. */
export async function killJobProcessGroups({ jobId }: { jobId: string }): Promise<number[]> {
  let text: string;
  try {
    text = await readFile(groupsPath(jobId), "utf8");
  } catch {
    return [];
  }
  const recorded = text
    .split("\n")
    .map(Number)
    .filter((pgid) => Number.isInteger(pgid) && pgid > 1);
  const ours = markedGroups(recorded, `${JOB_ID_VARIABLE}=${jobId}`);
  for (const pgid of ours) signalGroup(pgid, "SIGKILL");
  await forgetJobProcessGroups({ jobId });
  return ours;
}
