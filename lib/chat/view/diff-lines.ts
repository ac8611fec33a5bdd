/** A line of a unified diff and what it is, for colouring: added, removed, a hunk or file header, context. */
export type DiffLine = { kind: "added" | "removed" | "hunk" | "header" | "context"; text: string };

/**
 * The lines of a unified diff text (edit_files' `diff`), each with its kind. `---`/`+++` are file
 * headers only before a file's first hunk: inside one they are a removed `--` or an added `++` line.
 */
export function diffLines(diff: string): DiffLine[] {
  if (diff === "") return [];
  let isInHunk = false;
  return diff
    .replace(/\n$/, "")
    .split("\n")
    .map((text): DiffLine => {
      if (text.startsWith("@@")) {
        isInHunk = true;
        return { kind: "hunk", text };
      }
      if (!isInHunk || /^(?:diff |index )/.test(text)) {
        isInHunk = false;
        return { kind: "header", text };
      }
      if (text.startsWith("+")) return { kind: "added", text };
      if (text.startsWith("-")) return { kind: "removed", text };
      return { kind: "context", text };
    });
}
