import { readdirSync, readFileSync } from "node:fs";

/**
 * Host pids of live (not zombie) processes having `argument` as one of their command-line
 * arguments, seen from the host: how tests check that nothing of a sandbox is left, whatever pid
 * the process had inside its own PID namespace.
 */
export function hostProcessesWithArgument(argument: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").includes(argument)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") continue;
      pids.push(Number(entry));
    } catch {
      // Ended while we looked.
    }
  }
  return pids;
}
