import { isResult } from "@/lib/chat/tools/tool-results";
import { isWaiting, type ToolPart } from "./tool-part";

/** What the agent wait added to a result (SPEC-chat-tools.md "Agent ready wait"), said for people. */
export type AgentNotice = {
  /** The `agent_status` or `startup_scripts` value it stands for. */
  code: string;
  text: string;
};

/** How a finished workspace tool call ended: one line, and a notice about the agent if any. */
export type ToolOutcome = { isError: boolean; text: string; notice: AgentNotice | null };

type Result = Record<string, unknown>;

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** Messages in the SPEC have no final period; ours are sentences. */
function sentence(value: string): string {
  return /[.!?…]$/.test(value) ? value : `${value}.`;
}

/**
 * The agent notice of a result, or null when the agent became ready (the wait adds nothing then).
 * A result never carries both `agent_status` and `startup_scripts`.
 */
export function agentNotice(output: unknown): AgentNotice | null {
  if (!isResult(output)) return null;
  const reason = text(output.agent_error) ?? "no details";
  switch (output.agent_status) {
    case "no_agent":
      return { code: "no_agent", text: "This workspace has no agent, so nothing runs inside it and there are no startup scripts." };
    case "selection_error":
      return { code: "selection_error", text: sentence(`The workspace's agent could not be chosen: ${reason}`) };
    case "not_ready":
      return { code: "not_ready", text: sentence(`The agent did not become reachable in time: ${reason}`) };
  }
  switch (output.startup_scripts) {
    case "startup_scripts_failed":
      return {
        code: "startup_scripts_failed",
        text: `The startup scripts failed (agent state: ${(text(output.lifecycle_state) ?? "unknown").replaceAll("_", " ")}). The startup log shows why.`,
      };
    case "startup_scripts_timeout":
      return { code: "startup_scripts_timeout", text: "The startup scripts were still running when the wait for them ended; they may finish later." };
    case "startup_scripts_unknown":
      return { code: "startup_scripts_unknown", text: "The wait for the startup scripts was stopped, so whether they finished is unknown." };
  }
  return null;
}

function failure(output: Result): string {
  const lines = [sentence(String(output.error))];
  const detail = text(output.detail);
  if (detail) lines.push(sentence(detail));
  const validations = Array.isArray(output.validations) ? output.validations.filter(isResult) : [];
  for (const v of validations) lines.push(`${String(v.field)}: ${String(v.detail)}`);
  return lines.join("\n");
}

function success(toolName: string, output: Result, notice: AgentNotice | null): string {
  const workspace = `Workspace ${text(output.workspace_name) ?? "(unnamed)"}`;
  const isReady = notice === null;
  switch (toolName) {
    case "create_workspace":
      if (output.created === true) return isReady ? `${workspace} is ready.` : `${workspace} was created.`;
      if (output.status === "stopped") return `${workspace} already exists and is stopped; ask to start it.`;
      return isReady ? `${workspace} already exists and is ready.` : `${workspace} already exists.`;
    case "start_workspace":
      if (output.no_build === true) return `${workspace} is already running.`;
      return isReady ? `${workspace} started and is ready.` : `${workspace} started.`;
    case "stop_workspace":
      return output.no_build === true ? `${workspace} is already stopped.` : `${workspace} stopped.`;
    default:
      return "Done.";
  }
}

/** How a call ended: its error, or for create/start/stop what became of the workspace. */
export function toolOutcome(part: ToolPart): ToolOutcome {
  if (part.state === "output-error") return { isError: true, text: part.errorText ?? "The tool failed.", notice: null };
  const { output } = part;
  if (typeof output === "string") return { isError: true, text: output, notice: null };
  if (!isResult(output)) return { isError: true, text: "The tool returned no result.", notice: null };
  if (output.error !== undefined) return { isError: true, text: failure(output), notice: null };
  const notice = agentNotice(output);
  return { isError: false, text: success(part.toolName, output, notice), notice };
}

/** What a tool card shows: still working, finished, or failed (interrupted calls included). */
export type ToolCardState = "running" | "done" | "error";

/**
 * The card state of a tool part. A call without a result is running: the server marks the calls
 * of a turn that ended (interrupted, failed, its server gone) with an error.
 */
export function toolCardState(part: ToolPart): ToolCardState {
  if (isWaiting(part)) return "running";
  return toolOutcome(part).isError ? "error" : "done";
}
