import { describe, expect, it } from "vitest";
import { INTERRUPTED_TOOL_ERROR } from "../tools/close-waiting-tool-parts";
import { agentNotice } from "@/lib/chat/tools/tool-results";
import { toolCardState, toolOutcome } from "./tool-outcome";
import type { ToolPart } from "./tool-part";

const done = (toolName: string, output: unknown): ToolPart => ({
  toolName,
  toolCallId: "c",
  state: "output-available",
  input: {},
  output,
  errorText: undefined,
});

describe("toolOutcome", () => {
  it("says the created workspace is ready when the agent wait added nothing", () => {
    expect(toolOutcome(done("create_workspace", { created: true, workspace_name: "alice/demo", owner_name: "alice", build_id: "b" }))).toEqual({
      isError: false,
      text: "Workspace alice/demo is ready.",
      notice: null,
    });
  });

  it("says created, not ready, when the agent wait reports a problem", () => {
    const outcome = toolOutcome(done("create_workspace", { created: true, workspace_name: "alice/demo", startup_scripts: "startup_scripts_timeout" }));
    expect(outcome.text).toBe("Workspace alice/demo was created.");
    expect(outcome.notice?.code).toBe("startup_scripts_timeout");
  });

  it("tells an existing workspace apart, running or stopped", () => {
    expect(toolOutcome(done("create_workspace", { created: false, workspace_name: "alice/demo", status: "already_exists" })).text).toBe(
      "Workspace alice/demo already exists and is ready.",
    );
    expect(toolOutcome(done("create_workspace", { created: false, workspace_name: "alice/demo", status: "stopped" })).text).toBe(
      "Workspace alice/demo already exists and is stopped; ask to start it.",
    );
  });

  it("says started and stopped, and when nothing had to be built", () => {
    expect(toolOutcome(done("start_workspace", { started: true, workspace_name: "alice/demo", build_id: "b" })).text).toBe("Workspace alice/demo started and is ready.");
    expect(toolOutcome(done("start_workspace", { started: true, workspace_name: "alice/demo", no_build: true })).text).toBe("Workspace alice/demo is already running.");
    expect(toolOutcome(done("stop_workspace", { stopped: true, workspace_name: "alice/demo", build_id: "b" })).text).toBe("Workspace alice/demo stopped.");
    expect(toolOutcome(done("stop_workspace", { stopped: true, workspace_name: "alice/demo", no_build: true })).text).toBe("Workspace alice/demo is already stopped.");
  });

  it("gives a structured failure's error, detail and validations", () => {
    const outcome = toolOutcome(
      done("create_workspace", { error: "workspace name taken", detail: "pick another", validations: [{ field: "name", detail: "already used" }] }),
    );
    expect(outcome).toEqual({ isError: true, text: "workspace name taken.\npick another.\n- name: already used", notice: null });
  });

  it("gives a text error as it is", () => {
    expect(toolOutcome({ ...done("create_workspace", undefined), state: "output-error", errorText: "look up template: template not found" })).toEqual({
      isError: true,
      text: "look up template: template not found",
      notice: null,
    });
    expect(toolOutcome(done("start_workspace", "chat has no workspace; use create_workspace first")).isError).toBe(true);
  });
});

describe("agentNotice", () => {
  it("has a notice for each agent_status and startup_scripts value of docs/chat-tools.md", () => {
    expect(agentNotice({ agent_status: "no_agent" })?.text).toMatch(/no agent/);
    expect(agentNotice({ agent_status: "selection_error", agent_error: "multiple agents are marked for chat: a, b" })?.text).toBe(
      "The workspace's agent could not be chosen: multiple agents are marked for chat: a, b.",
    );
    expect(agentNotice({ agent_status: "not_ready", agent_error: "connect ECONNREFUSED" })?.text).toBe(
      "The agent did not become reachable in time: connect ECONNREFUSED.",
    );
    expect(agentNotice({ startup_scripts: "startup_scripts_failed", lifecycle_state: "start_error" })?.text).toMatch(/failed \(agent state: start error\)/);
    expect(agentNotice({ startup_scripts: "startup_scripts_timeout" })?.text).toMatch(/still running/);
    expect(agentNotice({ startup_scripts: "startup_scripts_unknown" })?.text).toMatch(/unknown/);
  });

  it("is none when the agent became ready, or for no result", () => {
    expect(agentNotice({ created: true })).toBeNull();
    expect(agentNotice("oops")).toBeNull();
  });
});

describe("toolOutcome of a call its turn cut off", () => {
  it("is the interruption the server recorded", () => {
    const part = { ...done("create_workspace", undefined), state: "output-error" as const, errorText: INTERRUPTED_TOOL_ERROR };
    expect(toolOutcome(part)).toMatchObject({ isError: true, text: INTERRUPTED_TOOL_ERROR });
  });
});

describe("toolCardState", () => {
  const part = (more: Partial<ToolPart>): ToolPart => ({
    toolName: "create_workspace",
    toolCallId: "c",
    state: "output-available",
    input: {},
    output: { created: true, workspace_name: "alice/demo" },
    errorText: undefined,
    ...more,
  });

  it("is running while the call waits for its result", () => {
    expect(toolCardState(part({ state: "input-available" }))).toBe("running");
  });

  it("is failed for text errors and for results with an error key", () => {
    expect(toolCardState(part({ state: "output-error", errorText: "bad" }))).toBe("error");
    expect(toolCardState(part({ output: { error: "workspace build failed: boom", build_id: "b" } }))).toBe("error");
    expect(toolCardState(part({ output: "template not found" }))).toBe("error");
  });

  it("is done for any other result", () => {
    expect(toolCardState(part({}))).toBe("done");
    expect(toolCardState(part({ toolName: "list_templates", output: { templates: [] } }))).toBe("done");
  });
});
