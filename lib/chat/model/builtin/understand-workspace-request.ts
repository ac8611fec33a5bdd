/**
 * The built-in assistant's reading of requests for work inside the workspace: run a command, show
 * or change a file, list or stop processes. Pure. Read before the workspace/template requests
 * (`understand-request.ts`), because a command or a file's content may hold any words — "run
 * `npm start`" is not a request to start the workspace.
 */

export type WorkspaceRequest =
  | { intent: "execute"; command: string }
  | { intent: "read_file"; path: string; offset?: number; limit?: number }
  | { intent: "write_file"; path: string; content: string }
  | { intent: "edit_files"; path: string; oldText: string; newText: string; replaceAll: boolean }
  | { intent: "process_list" }
  | { intent: "process_signal"; processId: string; signal: "terminate" | "kill" };

/** A value as typed: quoted (any quote, backticks included) or one word. */
const QUOTED = String.raw`"([^"]*)"|'([^']*)'|` + "`([^`]*)`";
/** A file path: a word with a dot or a slash in it ("package.json", "src/index.js", "./x", "Makefile/"). */
const PATH = String.raw`(?:${QUOTED}|((?:[\w.~-]*[./][\w.~/-]*)|[\w~-]+\/?))`;
const POLITE = String.raw`(?:\s+(?:please|pls|plz|thanks|thank you))*`;
/** "in my workspace", "in the workspace": where, not part of the command. */
const WHERE = String.raw`(?:\s+(?:in|on|inside)\s+(?:my|the|this)\s+(?:workspace|box|sandbox))?`;
const LEAD = String.raw`^(?:(?:please|can you|could you|would you|kindly)\s+)*`;

const RUN = new RegExp(String.raw`${LEAD}(?:run|execute|exec)\s+(?:the\s+command\s+)?(?:${QUOTED}|([\s\S]+?))${WHERE}${POLITE}\s*$`, "i");
const READ_LINES = new RegExp(
  String.raw`${LEAD}(?:show|read|print|display|cat|give)(?:\s+me)?\s+lines?\s+(\d+)\s*(?:-|–|to|through|\.\.)\s*(\d+)\s+(?:of|from|in)\s+(?:the\s+file\s+)?${PATH}${WHERE}${POLITE}[.!?]?\s*$`,
  "i",
);
const READ = new RegExp(
  String.raw`${LEAD}(?:show|read|print|display|cat|open|view|give)(?:\s+me)?\s+(?:the\s+)?(?:(?:file|folder|directory|contents?\s+of)\s+)*${PATH}${WHERE}${POLITE}[.!?]?\s*$`,
  "i",
);
const WHATS_IN = new RegExp(String.raw`^what(?:'s|\s+is)\s+in\s+${PATH}${WHERE}\s*\??\s*$`, "i");
const WRITE = new RegExp(
  String.raw`${LEAD}(?:write|put|save)\s+(?:${QUOTED}|([\s\S]+?))\s+(?:to|into|in)\s+(?:the\s+file\s+)?${PATH}${WHERE}${POLITE}[.!]?\s*$`,
  "i",
);
const REPLACE = new RegExp(
  String.raw`${LEAD}(?:replace|change)\s+(all\s+(?:of\s+)?)?(?:${QUOTED}|(\S+))\s+(?:with|by|to)\s+(?:${QUOTED}|(\S+))\s+(?:in|of)\s+(?:the\s+file\s+)?${PATH}${WHERE}${POLITE}[.!]?\s*$`,
  "i",
);
const PROCESS_LIST =
  /^(?:what(?:'s|\s+is|\s+are)\s+(?:still\s+)?running|(?:list|show)(?:\s+me)?\s+(?:the\s+|my\s+)?(?:running\s+)?(?:processes|commands)|which\s+(?:processes|commands)\s+(?:are\s+)?(?:still\s+)?running|(?:running\s+)?processes)(?:\s+(?:in|on)\s+(?:my|the)\s+workspace)?\s*[?.!]?\s*$/i;
const SIGNAL = /^(?:please\s+)?(stop|terminate|end|kill|cancel)\s+(?:the\s+)?(?:process|command)\s+(?:id\s+)?[`"']?([\w.:-]+)[`"']?\s*[.!]?\s*$/i;

/** Commands and file contents are short here; a pasted log must not make the patterns slow. */
const MAX_REQUEST_CHARS = 4000;

/** The workspace request in a user's message, or null when it is about something else. */
export function understandWorkspaceRequest(text: string): WorkspaceRequest | null {
  const request = text.slice(0, MAX_REQUEST_CHARS).replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"').trim();
  const oneLine = request.replace(/\s+/g, " ");

  if (PROCESS_LIST.test(oneLine)) return { intent: "process_list" };
  const signal = SIGNAL.exec(oneLine);
  if (signal) return { intent: "process_signal", processId: signal[2]!, signal: signal[1]!.toLowerCase() === "kill" ? "kill" : "terminate" };

  const replace = REPLACE.exec(oneLine);
  if (replace) {
    const [oldText, newText, path] = [groups(replace, 2, 6), groups(replace, 6, 10), pathGroup(replace, 10)];
    if (oldText && newText !== undefined && path) return { intent: "edit_files", path, oldText, newText, replaceAll: Boolean(replace[1]) };
  }
  const write = WRITE.exec(request);
  if (write) {
    const [content, path] = [groups(write, 1, 5), pathGroup(write, 5)];
    // A file ends with a newline, as an editor would save it.
    if (content !== undefined && path) return { intent: "write_file", path, content: content.endsWith("\n") ? content : `${content}\n` };
  }
  const lines = READ_LINES.exec(oneLine);
  if (lines) {
    const [first, last] = [Number(lines[1]), Number(lines[2])];
    const path = pathGroup(lines, 3);
    if (path && first >= 1 && last >= first) return { intent: "read_file", path, offset: first, limit: last - first + 1 };
  }
  const read = READ.exec(oneLine) ?? WHATS_IN.exec(oneLine);
  if (read) {
    const path = pathGroup(read, 1);
    if (path && isPathLike(path)) return { intent: "read_file", path };
  }
  const run = RUN.exec(request);
  if (run) {
    const command = (groups(run, 1, 5) ?? "").trim();
    if (command && !isWorkspaceNoun(command)) return { intent: "execute", command };
  }
  return null;
}

/** The first group of `match` in [from, to) that matched. */
function groups(match: RegExpExecArray, from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) if (match[i] !== undefined) return match[i];
  return undefined;
}

/** The path group: the end of a sentence ("show me notes.txt.") is not part of an unquoted path. */
function pathGroup(match: RegExpExecArray, from: number): string | undefined {
  const quoted = groups(match, from, from + 3);
  if (quoted !== undefined) return quoted.trim() || undefined;
  const bare = match[from + 3];
  if (bare === undefined) return undefined;
  return /^\.+$/.test(bare) ? bare : bare.replace(/[.]+$/, "") || undefined;
}

/** "show me the templates" is not a file: a bare word must look like a path (a dot, a slash) unless quoted. */
function isPathLike(path: string): boolean {
  return /[./]/.test(path) || /^(?:Makefile|Dockerfile|README|LICENSE|AGENTS)$/i.test(path);
}

/** "run my workspace", "run a workspace from node-dev": the workspace, not a command. */
function isWorkspaceNoun(command: string): boolean {
  return /^(?:(?:a|an|my|the|this|new)\s+)+(?:\S+\s+)?(?:workspace|box|sandbox|template)\b/i.test(command) || /^(?:it|status|help)\W*$/i.test(command);
}
