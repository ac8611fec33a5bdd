import { isResult } from "@/lib/chat/tools/tool-results";
import { outputLines } from "@/lib/chat/view/execute-view";
import type { ToolPart } from "@/lib/chat/view/tool-part";
import { ProcessOutputLog } from "./process-output-log";

/** A process_signal result (whether the signal reached it) or a process_output one (state and output). */
export function ProcessResult({ part }: { part: ToolPart }) {
  const output = isResult(part.output) ? part.output : {};
  const id = typeof output.process_id === "string" ? output.process_id : String(part.input.process_id ?? "");
  if (part.toolName === "process_signal") {
    const signal = typeof output.signal === "string" ? output.signal : "terminate";
    return (
      <p data-testid="tool-outcome" data-outcome="success" className="text-sm">
        {output.delivered === true ? `Sent ${signal} to process ` : "Nothing to signal: process "}
        <code className="font-mono text-xs">{id}</code>
        {output.delivered === true ? "." : " had already ended."}
      </p>
    );
  }
  const state =
    output.status === "running" ? "is still running" : typeof output.exit_code === "number" ? `exited with code ${output.exit_code}` : "has ended";
  return (
    <div data-testid="tool-outcome" data-outcome="success" className="flex flex-col gap-2 text-sm">
      <p>
        Process <code className="font-mono text-xs">{id}</code> {state}.
      </p>
      <ProcessOutputLog lines={outputLines(typeof output.output === "string" ? output.output : "")} emptyText="No output." />
    </div>
  );
}
