import { describe, expect, it } from "vitest";
import type { ChatMessage, ChatWithMessages } from "../schemas";
import { activeToolCallId, resultBuildId, templateLabelsById, toToolPart } from "./tool-part";

const AT = "2025-06-01T12:00:00.000Z";
let seq = 0;

function message(role: ChatMessage["role"], parts: ChatMessage["parts"]): ChatMessage {
  seq += 1;
  return { id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`, seq, version: 1, role, parts, createdAt: AT, updatedAt: AT };
}

function chat(status: ChatWithMessages["status"], messages: ChatMessage[]): ChatWithMessages {
  const id = "10000000-0000-4000-8000-000000000000";
  return {
    id,
    ownerId: id,
    organizationId: id,
    title: "",
    status,
    error: null,
    workspaceId: null,
    buildId: null,
    agentId: null,
    createdAt: AT,
    updatedAt: AT,
    messages,
  };
}

const call = (toolCallId: string, state = "input-available", more: Record<string, unknown> = {}) => ({
  type: "tool-create_workspace",
  toolCallId,
  state,
  input: { template_id: "t1" },
  ...more,
});

describe("toToolPart", () => {
  it("reads a tool part by its type, and nothing else", () => {
    expect(toToolPart(call("c1", "output-available", { output: { created: true } }))).toEqual({
      toolName: "create_workspace",
      toolCallId: "c1",
      state: "output-available",
      input: { template_id: "t1" },
      output: { created: true },
      errorText: undefined,
    });
    expect(toToolPart({ type: "text", text: "hi" })).toBeNull();
    expect(toToolPart({ type: "tool-x", toolCallId: "c", state: "weird", input: {} })).toBeNull();
  });

  it("takes a missing or non-object input as empty", () => {
    expect(toToolPart({ type: "tool-stop_workspace", toolCallId: "c", state: "input-available" })?.input).toEqual({});
  });
});

describe("resultBuildId", () => {
  it("is the result's build_id, when it has one", () => {
    expect(resultBuildId(toToolPart(call("c", "output-available", { output: { created: true, build_id: "b1" } }))!)).toBe("b1");
    expect(resultBuildId(toToolPart(call("c", "output-available", { output: { started: true, no_build: true } }))!)).toBeNull();
    expect(resultBuildId(toToolPart(call("c"))!)).toBeNull();
  });
});

describe("activeToolCallId", () => {
  it("is the latest tool call still waiting for its result", () => {
    const messages = [message("user", [{ type: "text", text: "go" }]), message("assistant", [call("c1", "output-available"), { type: "text", text: "…" }, call("c2")])];
    expect(activeToolCallId(chat("running", messages))).toBe("c2");
  });

  it("is a call made through the tools API too, while the chat has no turn running", () => {
    expect(activeToolCallId(chat("idle", [message("assistant", [call("c1")])]))).toBe("c1");
  });

  it("is none when every call has its result", () => {
    const messages = [message("assistant", [call("c1", "output-available"), call("c2", "output-error")])];
    expect(activeToolCallId(chat("running", messages))).toBeNull();
  });
});

describe("templateLabelsById", () => {
  it("collects template names from list_templates and read_template results", () => {
    const messages = [
      message("assistant", [
        {
          type: "tool-list_templates",
          toolCallId: "l",
          state: "output-available",
          input: {},
          output: { templates: [{ id: "t1", name: "tiny" }, { id: "t2", name: "node", display_name: "Node.js" }], page: 1 },
        },
        {
          type: "tool-read_template",
          toolCallId: "r",
          state: "output-available",
          input: { template_id: "t3" },
          output: { template: { id: "t3", name: "go", active_version_id: "v" }, parameters: [] },
        },
        { type: "tool-list_templates", toolCallId: "e", state: "output-error", input: {}, errorText: "nope" },
      ]),
    ];
    expect(Object.fromEntries(templateLabelsById(messages))).toEqual({ t1: "tiny", t2: "Node.js (node)", t3: "go" });
  });
});
