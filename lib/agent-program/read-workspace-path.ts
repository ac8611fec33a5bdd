import { lstat, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_READ_LINES, type FileEntry, type FileRead } from "../workspace-agents/workspace-api-schemas";
import { readTextFile } from "./read-text-file";
import { fileError, resolveWorkspacePath } from "./workspace-path";

/** Most entries a folder listing returns (sorted by name); a folder of more is cut there. */
export const MAX_FOLDER_ENTRIES = 10_000;

function entryType(info: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileEntry["type"] {
  if (info.isSymbolicLink()) return "symlink";
  if (info.isDirectory()) return "directory";
  if (info.isFile()) return "file";
  return "other";
}

/** `lines` split at "\n"; a final newline ends the last line instead of starting another. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * GET /files: a text file's lines from the 1-based `offset` (at most `limit`, DEFAULT_READ_LINES
 * by default) with its total line count, or a folder's entries sorted by name.
 */
export async function readWorkspacePath({
  home,
  path: given,
  offset = 1,
  limit = DEFAULT_READ_LINES,
}: {
  home: string;
  path: string;
  offset?: number;
  limit?: number;
}): Promise<FileRead> {
  const file = resolveWorkspacePath(home, given);
  const info = await stat(file).catch((error: unknown) => {
    throw fileError(error, file);
  });
  if (info.isDirectory()) {
    const names = await readdir(file).catch((error: unknown) => {
      throw fileError(error, file);
    });
    names.sort();
    const entries = await Promise.all(
      names.slice(0, MAX_FOLDER_ENTRIES).map(async (name): Promise<FileEntry> => {
        // Gone since the listing, or unreadable: still listed, as what is known of it.
        const entry = await lstat(path.join(file, name)).catch(() => null);
        return { name, type: entry ? entryType(entry) : "other", size: entry?.size ?? 0 };
      }),
    );
    return { path: file, type: "directory", entries };
  }
  const lines = splitLines(await readTextFile(file));
  const selected = lines.slice(offset - 1, offset - 1 + limit);
  const content = selected.length > 0 ? `${selected.join("\n")}\n` : "";
  return { path: file, type: "file", content, totalLines: lines.length, truncated: offset - 1 + limit < lines.length };
}
