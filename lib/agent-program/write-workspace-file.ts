import { randomBytes } from "node:crypto";
import { chmod, mkdir, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../errors";
import { MAX_FILE_BYTES } from "../workspace-agents/workspace-api-schemas";
import { fileError, resolveWorkspacePath } from "./workspace-path";

/**
 * Replaces `file` atomically: written to a temporary file beside it, then renamed over it, so a
 * reader sees the old or the new content, never half. A symbolic link is written through (its
 * target replaced, the link kept); an existing file keeps its permissions.
 */
export async function replaceFileAtomically(file: string, content: string): Promise<number> {
  const bytes = Buffer.from(content, "utf8");
  if (bytes.length > MAX_FILE_BYTES) throw new AppError("payload_too_large", `the content is larger than 1 MiB (${bytes.length} bytes)`);
  const target = await realpath(file).catch(() => file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.kiln-${randomBytes(6).toString("hex")}.tmp`);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    const existing = await stat(target).catch(() => null);
    if (existing?.isDirectory()) throw new AppError("bad_request", `${file} is a folder`);
    await writeFile(temp, bytes, { flag: "wx" });
    if (existing) await chmod(temp, existing.mode & 0o7777);
    await rename(temp, target);
    return bytes.length;
  } catch (error) {
    await rm(temp, { force: true });
    throw fileError(error, file);
  }
}

/** PUT /files: writes `content` to the file at `path`, its folders created as needed. */
export async function writeWorkspaceFile({ home, path: given, content }: { home: string; path: string; content: string }) {
  const file = resolveWorkspacePath(home, given);
  const bytes = await replaceFileAtomically(file, content);
  return { path: file, bytes };
}
