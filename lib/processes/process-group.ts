import { readdirSync, readFileSync } from "node:fs";
import { procStatFields } from "./proc-stat";

/** Signals a whole process group; a group already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Gone meanwhile.
  }
}

/** Whether some process of the group is still there (signal 0 sends nothing). */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readProc(pid: string, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null;
  }
}

/**
 * The process groups, among `pgids`, that hold at least one live process whose environment
 * carries `marker` ("NAME=value"). A recorded group id can be handed out again once its group is
 * empty, so a group counts as ours only by a member that inherited our marker. Without /proc
 * (macOS) there is no way to tell: every existing group is returned.
 */
export function markedGroups(pgids: readonly number[], marker: string): number[] {
  const wanted = new Set(pgids);
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return pgids.filter(groupExists);
  }
  const found = new Set<number>();
  for (const pid of pids) {
    const stat = readProc(pid, "stat");
    if (stat === null) continue;
    // After the command name (in parentheses, may contain spaces): state, ppid, pgrp.
    const [state, , pgrp] = procStatFields(stat);
    const pgid = Number(pgrp);
    if (state === "Z" || !wanted.has(pgid) || found.has(pgid)) continue;
    if (readProc(pid, "environ")?.split("\0").includes(marker)) found.add(pgid);
  }
  return [...found];
}
