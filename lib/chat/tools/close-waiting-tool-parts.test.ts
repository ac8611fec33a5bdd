import { describe, expect, it } from "vitest";
import { closeWaitingToolParts, INTERRUPTED_TOOL_ERROR } from "./close-waiting-tool-parts";

describe("closeWaitingToolParts", () => {
  it("marks calls without a result as interrupted and leaves the rest", () => {
    const parts = [
      { type: "text", text: "ok" },
      { type: "tool-list_templates", toolCallId: "a", state: "output-available", output: {} },
      { type: "tool-create_workspace", toolCallId: "b", state: "input-available", input: {} },
    ];
    expect(closeWaitingToolParts(parts)).toEqual([
      parts[0],
      parts[1],
      { type: "tool-create_workspace", toolCallId: "b", state: "output-error", errorText: INTERRUPTED_TOOL_ERROR, input: {} },
    ]);
  });

  it("is null when no call waits", () => {
    expect(closeWaitingToolParts([{ type: "text", text: "hi" }])).toBeNull();
  });
});
