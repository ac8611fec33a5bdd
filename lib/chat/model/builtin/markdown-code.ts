// Text inside markdown code, whatever it holds: the fence or the backtick run is longer than any
// run of backticks in the text, so output and file contents can never close it early.

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** A fenced code block holding `text` exactly (a final newline is not doubled). */
export function codeBlock(text: string, language = ""): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text.replace(/\n$/, "")}\n${fence}`;
}

/** Inline code holding `text`; spaces pad a text that starts or ends with a backtick. */
export function inlineCode(text: string): string {
  const ticks = "`".repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text.replace(/\n/g, " ")}${pad}${ticks}`;
}
