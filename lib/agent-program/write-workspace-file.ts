import { randomBytes } from "node:crypto";
import { chmod, mkdir, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../errors";
import { MAX_FILE_BYTES } from "../workspace-agents/workspace-api-schemas";
import { fileError, resolveWorkspacePath } from "./workspace-path";

/** A file's new content written beside it, not yet in place: `commit` renames it over the file. */
export type StagedFile = { commit: () => Promise<void>; discard: () => Promise<void>; bytes: number };

/**
 * Writes `content` to a temporary file beside `file` (same folder, so the rename is atomic), with
 * the existing file's permissions; nothing is replaced yet. A symbolic link is written through
 * (its target replaced, the link kept).
 */
export async function stageFile(file: string, content: string): Promise<StagedFile> {
  const bytes = Buffer.from(content, "utf8");
  if (bytes.length > MAX_FILE_BYTES) throw new AppError("payload_too_large", `the content is larger than 1 MiB (${bytes.length} bytes)`);
  const target = await realpath(file).catch(() => file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.kiln-${randomBytes(6).toString("hex")}.tmp`);
  const discard = () => rm(temp, { force: true });
  try {
    await mkdir(path.dirname(target), { recursive: true });
    const existing = await stat(target).catch(() => null);
    if (existing?.isDirectory()) throw new AppError("bad_request", `${file} is a folder`);
    await writeFile(temp, bytes, { flag: "wx" });
    if (existing) await chmod(temp, existing.mode & 0o7777);
  } catch (error) {
    await discard();
    throw fileError(error, file);
  }
  const commit = async () => {
    try {
      await rename(temp, target);
    } catch (error) {
      await discard();
      throw fileError(error, file);
    }
  };
  return { commit, discard, bytes: bytes.length };
}

/**
 * Replaces `file` atomically: written to a temporary file beside it, then renamed over it, so a
 * reader sees the old or the new content, never half. An existing file keeps its permissions.
 */
export async function replaceFileAtomically(file: string, content: string): Promise<number> {
  const staged = await stageFile(file, content);
  await staged.commit();
  return staged.bytes;
}

/** PUT /files: writes `content` to the file at `path`, its folders created as needed. */
export async function writeWorkspaceFile({ home, path: given, content }: { home: string; path: string; content: string }) {
  const file = resolveWorkspacePath(home, given);
  const bytes = await replaceFileAtomically(file, content);
  return { path: file, bytes };
}
