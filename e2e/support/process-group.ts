import type { ChildProcess } from "node:child_process";

/** How long a helper process gets to shut down on SIGTERM before SIGKILL. */
const GRACE_MS = 10_000;

/**
 * Stops a child spawned with `detached: true` and its whole process group (`next start` runs its
 * server in a child process): SIGTERM, then SIGKILL after GRACE_MS. Resolves once it has exited.
 */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const pid = child.pid;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  signalGroup(pid, "SIGTERM");
  const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Signals a whole process group; a group already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Gone meanwhile.
  }
}
