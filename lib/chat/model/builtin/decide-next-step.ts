import type { LanguageModelV4Message, LanguageModelV4Prompt, LanguageModelV4ToolResultOutput } from "@ai-sdk/provider";
import type { ChatToolName } from "@/lib/chat/schemas";
import { isResult, templatesOf } from "@/lib/chat/tools/tool-results";
import { describeToolResult, SAY_CREATE, type ToolResultView } from "./describe-tool-result";
import { findNamedTemplate, understandRequest, type UnderstoodRequest } from "./understand-request";
import { workspaceToolCall } from "./workspace-tool-call";

/** One step of the built-in assistant: call one tool, or answer and stop. */
export type NextStep = { type: "text"; text: string } | { type: "tool-call"; toolName: ChatToolName; input: Record<string, unknown> };

/**
 * A turn never needs more than list_templates then create_workspace; the cap only stops a loop if
 * something unexpected keeps the conversation in a calling state.
 */
const MAX_TOOL_CALLS_PER_TURN = 4;

// Examples in inline code: markdown would take a placeholder such as <template> for an HTML tag.
export const HELP_TEXT = [
  "I'm Kiln's built-in assistant (no AI model is configured). I can:",
  "- list templates: `list templates`, `templates for node`",
  "- create a workspace: `create a workspace from <template>`, e.g. `create a workspace from node-dev called demo with greeting=hi`",
  "- start or stop it: `start my workspace`, `stop my workspace`",
  "- tell you what I know about it: `status`",
  "- run a command in it: `run npm test`, `` run `ls -la` in my workspace ``",
  "- show a file or folder: `show me package.json`, `show lines 10-20 of src/index.js`",
  "- write or change a file: `write hello to notes.txt`, `replace hello with hi in notes.txt`",
  "- list or stop the commands I started: `what is running`, `stop process <id>`",
  'Parameters are key=value pairs; quote values that contain spaces, e.g. `greeting="hello there"`.',
].join("\n");

const SHORT_HELP =
  "I only understand a few requests: `list templates`, `create a workspace from <template>`, `start my workspace`, " +
  "`stop my workspace`, `status`, `run <command>`, `show me <file>`, `write <text> to <file>`, " +
  "`replace <old> with <new> in <file>`, `what is running` and `stop process <id>`. Say `help` for examples.";

type SeenResult = ToolResultView & { toolCallId: string; input: unknown };

/**
 * Decides the next step from the prompt alone, as a real model would: the latest user message is
 * the request; the tool calls and results after it are what this turn has done so far; earlier
 * results are what the assistant knows about the chat. Pure.
 */
export function decideNextStep({ prompt, toolNames }: { prompt: LanguageModelV4Prompt; toolNames: ReadonlySet<string> }): NextStep {
  const lastUser = prompt.findLastIndex((message) => message.role === "user");
  if (lastUser === -1) return text(HELP_TEXT);
  const earlier = prompt.slice(0, lastUser);
  const history = toolResults(earlier);
  const turn = prompt.slice(lastUser + 1);
  const request = resolveFollowUp(userText(prompt[lastUser]!), earlier, history);

  const callsThisTurn = turn.flatMap((m) => (m.role === "assistant" ? m.content.filter((part) => part.type === "tool-call") : []));
  if (callsThisTurn.length === 0) return firstStep(request, history, toolNames);

  const lastStep = lastStepResults(turn);
  if (lastStep.length === 0) return text(SHORT_HELP);
  const listing = lastStep.find((r) => r.toolName === "list_templates");
  const hasCreated = callsThisTurn.some((call) => call.toolName === "create_workspace");
  if (request.intent === "create_workspace" && listing && !hasCreated && callsThisTurn.length < MAX_TOOL_CALLS_PER_TURN) {
    return createFromListing(request, listing, toolNames);
  }
  return text(lastStep.map((result) => describeToolResult(result)).join("\n\n"));
}

function firstStep(request: UnderstoodRequest, history: SeenResult[], toolNames: ReadonlySet<string>): NextStep {
  switch (request.intent) {
    case "list_templates":
    case "create_workspace":
      // Creating starts with a search too: create_workspace needs a template id, and only
      // list_templates turns the name the user typed into one.
      return call(toolNames, "list_templates", request.template ? { query: request.template } : {});
    case "start_workspace":
      return call(toolNames, "start_workspace", hasParameters(request) ? { parameters: request.parameters } : {});
    case "stop_workspace":
      return call(toolNames, "stop_workspace", {});
    case "status":
      return text(describeStatus(history));
    case "help":
      return text(HELP_TEXT);
    case "workspace_work": {
      if (!request.work) return text(SHORT_HELP);
      const { toolName, input } = workspaceToolCall(request.work);
      return call(toolNames, toolName, input);
    }
    case "unknown":
      return text(SHORT_HELP);
  }
}

/** The template picked from list_templates: the recommended one, or the one named exactly. */
function createFromListing(request: UnderstoodRequest, listing: SeenResult, toolNames: ReadonlySet<string>): NextStep {
  if (listing.isError || !isResult(listing.output)) return text(describeToolResult(listing));
  const templates = templatesOf(listing.output);
  const recommendedId = listing.output.recommended_template_id;
  const picked =
    typeof recommendedId === "string"
      ? (templates.find((t) => t.id === recommendedId) ?? { id: recommendedId })
      : request.template
        ? exactMatch(request.template, templates)
        : undefined;
  if (!picked) {
    if (templates.length === 0) return text(describeToolResult(listing));
    const wanted = request.template ? ` for "${request.template}"` : "";
    return text(`I found more than one template${wanted}, so tell me which one to use.\n\n${describeToolResult(listing)}`);
  }
  return call(toolNames, "create_workspace", {
    template_id: picked.id,
    ...(request.name ? { name: request.name } : {}),
    ...(hasParameters(request) ? { parameters: request.parameters } : {}),
  });
}

function exactMatch<T extends { name: string; display_name?: string }>(wanted: string, templates: T[]): T | undefined {
  const w = wanted.trim().toLowerCase();
  return templates.find((t) => t.name.toLowerCase() === w || t.display_name?.toLowerCase() === w);
}

/**
 * A reply to the assistant's own question: after "tell me which one to use", a bare "node-dev" (or
 * "yes" after a recommendation) means "create a workspace from node-dev", with the name and
 * parameters of the request that asked for it unless the reply gives new ones.
 */
function resolveFollowUp(text: string, earlier: LanguageModelV4Prompt, history: SeenResult[]): UnderstoodRequest {
  const request = understandRequest(text);
  if (request.intent !== "unknown" && request.intent !== "help") return request;
  const last = history.at(-1);
  if (!last || last.toolName !== "list_templates" || last.isError || !isResult(last.output)) return request;
  const templates = templatesOf(last.output);
  const recommended = templates.find((t) => t.id === (last.output as Record<string, unknown>).recommended_template_id);
  const named = findNamedTemplate(text, templates);
  const agrees = /^\s*(?:yes|yep|yeah|ok|okay|sure|please|do it|go ahead|go for it|sounds good)\b/i.test(text);
  const template = named ?? (agrees ? recommended : undefined);
  if (!template) return request;
  const previousUser = earlier.findLast((message) => message.role === "user");
  const previous = previousUser ? understandRequest(userText(previousUser)) : undefined;
  const carried = previous?.intent === "create_workspace" ? previous : undefined;
  const name = request.name ?? carried?.name;
  return {
    intent: "create_workspace",
    template: template.name,
    ...(name ? { name } : {}),
    parameters: { ...carried?.parameters, ...request.parameters },
  };
}

function describeStatus(history: SeenResult[]): string {
  const latest = history.findLast((r) => r.toolName === "create_workspace" || r.toolName === "start_workspace" || r.toolName === "stop_workspace");
  if (!latest) return `I don't know of a workspace in this chat yet. ${SAY_CREATE}`;
  return [
    "I can only tell what the last workspace action in this chat reported:",
    describeToolResult(latest),
    "You can say `start my workspace`, `stop my workspace` or `create a workspace from <template>`.",
  ].join("\n\n");
}

function call(toolNames: ReadonlySet<string>, toolName: ChatToolName, input: Record<string, unknown>): NextStep {
  if (!toolNames.has(toolName)) return text(`I can't do that here: the ${toolName} tool is not available in this chat.`);
  return { type: "tool-call", toolName, input };
}

function text(value: string): NextStep {
  return { type: "text", text: value };
}

function hasParameters(request: UnderstoodRequest): boolean {
  return Object.keys(request.parameters).length > 0;
}

function userText(message: LanguageModelV4Message): string {
  if (message.role !== "user") return "";
  return message.content
    .filter((part) => part.type === "text")
    .map((part) => part.text)
    .join("\n");
}

/** The results of the latest step: everything after the last assistant message of the turn. */
function lastStepResults(turn: LanguageModelV4Prompt): SeenResult[] {
  const lastAssistant = turn.findLastIndex((message) => message.role === "assistant");
  return toolResults(turn.slice(lastAssistant === -1 ? 0 : lastAssistant));
}

/** Every tool result in these messages, in order, with the input of its call. */
function toolResults(messages: LanguageModelV4Prompt): SeenResult[] {
  const inputs = new Map<string, unknown>();
  const results: SeenResult[] = [];
  for (const message of messages) {
    if (message.role !== "assistant" && message.role !== "tool") continue;
    for (const part of message.content) {
      if (part.type === "tool-call") inputs.set(part.toolCallId, part.input);
      if (part.type !== "tool-result") continue;
      results.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: inputs.get(part.toolCallId), ...readOutput(part.output) });
    }
  }
  return results;
}

/** The prompt's form of a tool output: a thrown error arrives as error-text (AI SDK). */
function readOutput(output: LanguageModelV4ToolResultOutput): { output: unknown; isError: boolean } {
  switch (output.type) {
    case "json":
    case "text":
      return { output: output.value, isError: false };
    case "error-text":
      return { output: output.value, isError: true };
    case "error-json":
      return { output: typeof output.value === "string" ? output.value : JSON.stringify(output.value), isError: true };
    case "execution-denied":
      return { output: `the call was not allowed${output.reason ? `: ${output.reason}` : ""}`, isError: true };
    case "content":
      return { output: output.value.map((item) => (item.type === "text" ? item.text : "")).join(""), isError: false };
  }
}
