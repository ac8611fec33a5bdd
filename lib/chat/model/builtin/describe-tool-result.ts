/**
 * The built-in assistant's words for a chat tool's result (shapes in docs/chat-tools.md). Pure: the
 * same result always reads the same, so tests and the UI can rely on it. Written for the user, not
 * the model: tool names become things to say ("start my workspace"), ids stay out of the text.
 */

import { agentNotice, failureLines, isResult, sentence, templateLabel, templatesOf, validationsOf, type Result } from "@/lib/chat/tools/tool-results";
import { describeWorkspaceResult } from "./describe-workspace-result";

export type ToolResultView = {
  toolName: string;
  /** The tool's output: an object, or the message of a text error. */
  output: unknown;
  /** A text error (bad input, look-up failure), as opposed to a result or a structured failure. */
  isError: boolean;
  /** The call's input: what the command or file was, for the words about its result. */
  input?: unknown;
};

const ACTIONS: Record<string, string> = {
  create_workspace: "create the workspace",
  start_workspace: "start the workspace",
  stop_workspace: "stop the workspace",
  list_templates: "list the templates",
  read_template: "read the template",
  execute: "run the command",
  process_output: "read the command's output",
  process_list: "list the commands",
  process_signal: "stop the process",
  read_file: "read the file",
  write_file: "write the file",
  edit_files: "change the file",
};

const FAILURES: Record<string, string> = {
  create_workspace: "Creating the workspace failed",
  start_workspace: "Starting the workspace failed",
  stop_workspace: "Stopping the workspace failed",
};

/** Hints say what to type next, in the words the built-in assistant understands. */
// In inline code: markdown would take a placeholder such as <template> for an HTML tag.
export const SAY_CREATE = "Say `create a workspace from <template>` to make one, or `list templates` to see the templates.";
const SAY_LIST = "Say `list templates` to see the templates you can use.";
const SAY_START = "Say `start my workspace` to start it.";

export function describeToolResult({ toolName, output, isError, input }: ToolResultView): string {
  if (isError) return describeTextError(toolName, output);
  if (!isResult(output)) return typeof output === "string" ? output : `${toolName} returned ${JSON.stringify(output) ?? "nothing"}.`;
  // A structured failure: the UI treats any result with an `error` key as one, so do we. A
  // command's failure keeps what it printed, so execute says it itself.
  if (typeof output.error === "string" && toolName !== "execute") return describeFailure(toolName, output);
  switch (toolName) {
    case "create_workspace":
      return describeCreated(output);
    case "start_workspace":
      return describeStarted(output);
    case "stop_workspace":
      return describeStopped(output);
    case "list_templates":
      return describeTemplateList(output);
    case "read_template":
      return describeTemplate(output);
    default:
      return describeWorkspaceResult(toolName, output, input) ?? `${toolName} returned ${JSON.stringify(output)}.`;
  }
}

function describeTextError(toolName: string, output: unknown): string {
  // The AI SDK hands a thrown error to the model as `String(error)`: "ToolTextError: <message>".
  const text = typeof output === "string" ? output.replace(/^[A-Za-z]*Error: /, "") : (JSON.stringify(output) ?? "unknown error");
  const message = sentence(text);
  const lead = `I couldn't ${ACTIONS[toolName] ?? `run ${toolName}`}: ${message}`;
  if (/no workspace|was deleted|use create_workspace/i.test(message)) return `${lead}\n\n${SAY_CREATE}`;
  if (/use start_workspace/i.test(message)) return `${lead}\n\n${SAY_START}`;
  if (/template|list_templates/i.test(message)) return `${lead}\n\n${SAY_LIST}`;
  return lead;
}

function describeFailure(toolName: string, output: Result): string {
  const [error, ...rest] = failureLines(output);
  const lines = [`${FAILURES[toolName] ?? `${toolName} failed`}: ${error}`, ...rest];
  if (validationsOf(output).length > 0) lines.push("Fix these values and ask again, with key=value pairs.");
  else if (typeof output.build_id === "string") lines.push("The build log shows what went wrong.");
  return lines.join("\n");
}

function describeCreated(output: Result): string {
  const workspace = workspaceName(output);
  if (output.created === true) return `Created workspace ${workspace}. ${agentState(output)}`;
  if (output.status === "stopped") return `This chat already has a workspace, ${workspace}, and it is stopped. ${SAY_START}`;
  const message = typeof output.message === "string" ? ` (${output.message})` : "";
  return `This chat already has a workspace, ${workspace}${message}, so I used that one. ${agentState(output)}`;
}

function describeStarted(output: Result): string {
  const workspace = workspaceName(output);
  const lead = output.no_build === true ? `Workspace ${workspace} is already running.` : `Started workspace ${workspace}.`;
  return `${lead} ${agentState(output)}`;
}

function describeStopped(output: Result): string {
  const workspace = workspaceName(output);
  if (output.no_build === true) return `Workspace ${workspace} is already stopped. ${SAY_START}`;
  return `Stopped workspace ${workspace}. Say \`start my workspace\` to start it again.`;
}

/** The agent wait's notice (shared with the tool cards), or that the workspace is ready. */
function agentState(output: Result): string {
  return agentNotice(output)?.text ?? "It is ready.";
}

function describeTemplateList(output: Result): string {
  const templates = templatesOf(output);
  const nextStep = typeof output.next_step === "string" ? output.next_step : undefined;
  // No templates at all or none matching: next_step says which, and what to do about it.
  if (templates.length === 0) return nextStep ?? "I found no templates.";

  const page = typeof output.page === "number" && output.page > 1 ? ` (page ${output.page})` : "";
  const lines = [`Templates you can use${page}:`];
  for (const t of templates) {
    const description = t.description ? `: ${t.description}` : "";
    const count = t.your_workspace_count ? ` (you have ${t.your_workspace_count} workspace${t.your_workspace_count === 1 ? "" : "s"} from it)` : "";
    lines.push(`- ${templateLabel(t)}${description}${count}`);
  }
  const recommended = templates.find((t) => t.id === output.recommended_template_id);
  lines.push("");
  if (recommended) {
    lines.push(`${templateLabel(recommended)} fits best. Say \`create a workspace from ${recommended.name}\` to use it.`);
  } else {
    lines.push("Say `create a workspace from <name>` with the one you want.");
  }
  if (typeof output.next_page === "number") lines.push(`There are more: narrow the list with a search, e.g. "templates for node".`);
  return lines.join("\n");
}

function describeTemplate(output: Result): string {
  const template = isResult(output.template) ? output.template : {};
  const name = typeof template.name === "string" ? template.name : "the template";
  const label = templateLabel({ name, display_name: typeof template.display_name === "string" ? template.display_name : undefined });
  const lines = [`Template ${label}${typeof template.description === "string" ? `: ${template.description}` : ""}`];
  const parameters = Array.isArray(output.parameters) ? output.parameters.filter(isResult) : [];
  if (parameters.length === 0) {
    lines.push("It has no parameters.");
    return lines.join("\n");
  }
  lines.push("Parameters:");
  for (const p of parameters) {
    const facts = [
      typeof p.description === "string" ? p.description.replace(/\.\s*$/, "") : undefined,
      p.required === true ? "required" : undefined,
      typeof p.default === "string" && p.default !== "" ? `default ${p.default}` : undefined,
      Array.isArray(p.options) && p.options.length > 0
        ? `one of ${p.options.map((o: unknown) => (isResult(o) ? String(o.value) : String(o))).join(", ")}`
        : undefined,
    ].filter(Boolean);
    lines.push(`- ${String(p.name)}${facts.length > 0 ? `: ${facts.join("; ")}` : ""}`);
  }
  lines.push(`Give values as key=value, e.g. "create a workspace from ${name} with ${String(parameters[0]!.name)}=..."`);
  return lines.join("\n");
}

function workspaceName(output: Result): string {
  return typeof output.workspace_name === "string" ? output.workspace_name : "(unnamed)";
}

