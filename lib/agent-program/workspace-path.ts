import path from "node:path";
import { AppError } from "../errors";

/**
 * A path of the workspace API as the process sees it: relative ones from the workspace home,
 * absolute ones as given. Inside the sandbox every path is the owner's to use; the sandbox, not
 * this function, keeps the host out of reach.
 */
export function resolveWorkspacePath(home: string, given: string): string {
  return path.resolve(home, given);
}

/** A file system error as the API's answer: what the user can act on, never a stack. */
export function fileError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return new AppError("not_found", `${file} not found`);
  if (code === "ENOTDIR") return new AppError("bad_request", `a parent of ${file} is not a folder`);
  if (code === "EISDIR") return new AppError("bad_request", `${file} is a folder`);
  if (code === "EACCES" || code === "EPERM") return new AppError("forbidden", `permission denied: ${file}`);
  if (code === "ENAMETOOLONG") return new AppError("bad_request", `the path is too long: ${file}`);
  if (code === "ENOSPC" || code === "EDQUOT") return new AppError("conflict", `no space left for ${file}`);
  if (code === "EROFS") return new AppError("forbidden", `${file} is on a read-only file system`);
  return error;
}
