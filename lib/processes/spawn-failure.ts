import { existsSync, statSync } from "node:fs";

/**
 * Why a process could not start, in words a user can act on. Node says "spawn bash ENOENT" both
 * when the working folder is missing and when the command is, so the folder is checked first.
 */
export function spawnFailureReason({ error, command, cwd }: { error: unknown; command: string; cwd: string }): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    if (!existsSync(cwd)) return `the folder ${cwd} does not exist`;
    if (!statSync(cwd).isDirectory()) return `${cwd} is not a folder`;
    return `${command}: command not found`;
  }
  if (code === "EACCES") return `permission denied (${command} in ${cwd})`;
  if (code === "EMFILE" || code === "ENFILE") return "too many open files";
  if (code === "EAGAIN") return "too many processes";
  return error instanceof Error ? error.message : String(error);
}

/** A process that never ran: its message reads "could not start: <reason>". */
export class SpawnFailedError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(`could not start: ${reason}`);
    this.name = "SpawnFailedError";
    this.reason = reason;
  }
}
