import { createTwoFilesPatch } from "diff";
import { AppError } from "../errors";
import { MAX_FILE_BYTES, type FileEdit } from "../workspace-agents/workspace-api-schemas";
import { readTextFile } from "./read-text-file";
import { replaceFileAtomically, stageFile, type StagedFile } from "./write-workspace-file";
import { fileError, resolveWorkspacePath } from "./workspace-path";

/** Past this the diff is not computed (its cost grows with the size of the change). */
const DIFF_TIMEOUT_MS = 2000;

/** Occurrences of `needle` in `text`, not overlapping, counting at most `max`. */
function countOccurrences(text: string, needle: string, max: number): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1 && count < max; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** The edits applied in order to `text`; the first that cannot apply throws and names itself. */
export function applyEdits(text: string, edits: FileEdit[]): string {
  return edits.reduce((current, edit, index) => {
    const which = `edit ${index + 1} of ${edits.length}`;
    const found = countOccurrences(current, edit.oldText, edit.replaceAll ? Infinity : 2);
    if (found === 0) throw new AppError("bad_request", `${which}: oldText not found`);
    // Checked before the text is built: a short oldText replaced by a long newText everywhere
    // could otherwise make a string of gigabytes.
    if (current.length + found * (edit.newText.length - edit.oldText.length) > MAX_FILE_BYTES) {
      throw new AppError("payload_too_large", `${which}: the file would be larger than 1 MiB`);
    }
    if (edit.replaceAll) return current.split(edit.oldText).join(edit.newText);
    if (found > 1) {
      const times = countOccurrences(current, edit.oldText, Infinity);
      throw new AppError("bad_request", `${which}: oldText found ${times} times; include more context to make it unique, or set replaceAll`);
    }
    const at = current.indexOf(edit.oldText);
    return current.slice(0, at) + edit.newText + current.slice(at + edit.oldText.length);
  }, text);
}

const diffOf = (file: string, before: string, after: string) =>
  createTwoFilesPatch(file, file, before, after, undefined, undefined, { context: 3, timeout: DIFF_TIMEOUT_MS }) ?? "(the change is too large to show as a diff)\n";

async function readForEdit(file: string): Promise<string> {
  return readTextFile(file).catch((error: unknown) => {
    throw fileError(error, file);
  });
}

/**
 * POST /files/edit: all edits applied in memory, in order, then the file replaced atomically;
 * when one cannot apply nothing is written. Answers a unified diff of the change.
 */
export async function editWorkspaceFile({ home, path: given, edits }: { home: string; path: string; edits: FileEdit[] }) {
  const file = resolveWorkspacePath(home, given);
  const before = await readForEdit(file);
  const after = applyEdits(before, edits);
  await replaceFileAtomically(file, after);
  return { path: file, diff: diffOf(file, before, after) };
}

/**
 * POST /files/edits: several files, all or none. Every file is read and every edit applied in
 * memory first (a failure names the file and the edit, and nothing is written); then every new
 * content is written beside its file, and only once all are written are they renamed into place.
 */
export async function editWorkspaceFiles({ home, files }: { home: string; files: { path: string; edits: FileEdit[] }[] }) {
  const resolved = files.map((entry) => ({ ...entry, file: resolveWorkspacePath(home, entry.path) }));
  const seen = new Set<string>();
  for (const { file } of resolved) {
    if (seen.has(file)) throw new AppError("bad_request", `${file} is named twice; put all its edits in one entry`);
    seen.add(file);
  }
  const changes = await Promise.all(
    resolved.map(async ({ file, edits }) => {
      const before = await readForEdit(file);
      try {
        return { file, before, after: applyEdits(before, edits) };
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, `${file}: ${error.message}`);
        throw error;
      }
    }),
  );
  const staged: StagedFile[] = [];
  try {
    for (const change of changes) staged.push(await stageFile(change.file, change.after));
  } catch (error) {
    await Promise.all(staged.map((file) => file.discard()));
    throw error;
  }
  // Renames do not fail for want of space or permission once the temporary files exist beside their targets.
  for (const file of staged) await file.commit();
  return { files: changes.map(({ file, before, after }) => ({ path: file, diff: diffOf(file, before, after) })) };
}
