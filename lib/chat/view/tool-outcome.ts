import { agentNotice, failureLines, isResult, type AgentNotice, type Result } from "@/lib/chat/tools/tool-results";
import { isWaiting, type ToolPart } from "./tool-part";

/** How a finished workspace tool call ended: one line, and a notice about the agent if any. */
export type ToolOutcome = { isError: boolean; text: string; notice: AgentNotice | null };

function success(toolName: string, output: Result, notice: AgentNotice | null): string {
  const workspace = `Workspace ${typeof output.workspace_name === "string" ? output.workspace_name : "(unnamed)"}`;
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
  if (output.error !== undefined) return { isError: true, text: failureLines(output).join("\n"), notice: null };
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
