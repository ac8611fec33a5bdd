import { describe, expect, it } from "vitest";
import { describeToolResult } from "./describe-tool-result";

const NODE_ID = "5f0c6c1e-8c63-4b7a-9d3c-1c2f3e4d5a6b";
const QUICK_ID = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

const ok = (toolName: string, output: unknown) => describeToolResult({ toolName, output, isError: false });

describe("describeToolResult", () => {
  describe("create_workspace", () => {
    it("created and ready", () => {
      expect(ok("create_workspace", { created: true, workspace_name: "alice/demo", owner_name: "alice", build_id: "b1" })).toBe(
        "Created workspace alice/demo. It is ready.",
      );
    });

    it("already exists, with the service's message", () => {
      const text = ok("create_workspace", {
        created: false,
        workspace_name: "alice/demo",
        status: "already_exists",
        message: "workspace is already running and recently connected",
      });
      expect(text).toBe("This chat already has a workspace, alice/demo (workspace is already running and recently connected), so I used that one. It is ready.");
    });

    it("already exists but stopped: hints at starting it", () => {
      const text = ok("create_workspace", {
        created: false,
        workspace_name: "alice/demo",
        status: "stopped",
        message: "workspace is stopped; use start_workspace to start it",
      });
      expect(text).toBe('This chat already has a workspace, alice/demo, and it is stopped. Say `start my workspace` to start it.');
    });

    it("build failed: the error and a pointer to the log", () => {
      const text = ok("create_workspace", { error: "workspace build failed: exit status 1 in step Compile", build_id: "b1" });
      expect(text).toBe("Creating the workspace failed: workspace build failed: exit status 1 in step Compile.\nThe build log shows what went wrong.");
    });

    it("rejected request: detail and validations", () => {
      const text = ok("create_workspace", {
        error: "invalid parameters",
        detail: "1 parameter is invalid",
        validations: [{ field: "greeting", detail: "lower-case letters and spaces" }],
      });
      expect(text).toBe(
        [
          "Creating the workspace failed: invalid parameters.",
          "1 parameter is invalid.",
          "- greeting: lower-case letters and spaces",
          "Fix these values and ask again, with key=value pairs.",
        ].join("\n"),
      );
    });

    it.each([
      [{ agent_status: "no_agent" }, "This workspace has no agent, so nothing runs inside it and there are no startup scripts."],
      [{ agent_status: "selection_error", agent_error: "multiple agents are marked for chat: a, b; only one agent should be" }, "The workspace's agent could not be chosen: multiple agents are marked for chat: a, b; only one agent should be."],
      [{ agent_status: "not_ready", agent_error: "dial tcp: connection refused" }, "The agent did not become reachable in time: dial tcp: connection refused."],
      [{ startup_scripts: "startup_scripts_failed", lifecycle_state: "start_error" }, "The startup scripts failed (agent state: start error). The startup log shows why."],
      [{ startup_scripts: "startup_scripts_timeout" }, "The startup scripts were still running when the wait for them ended; they may finish later."],
      [{ startup_scripts: "startup_scripts_unknown" }, "The wait for the startup scripts was stopped, so whether they finished is unknown."],
    ])("agent notice %o", (fields, notice) => {
      expect(ok("create_workspace", { created: true, workspace_name: "alice/demo", owner_name: "alice", build_id: "b1", ...fields })).toBe(
        `Created workspace alice/demo. ${notice}`,
      );
    });
  });

  describe("start and stop", () => {
    it("started, already running, stopped, already stopped", () => {
      expect(ok("start_workspace", { started: true, workspace_name: "alice/demo", build_id: "b2" })).toBe("Started workspace alice/demo. It is ready.");
      expect(ok("start_workspace", { started: true, workspace_name: "alice/demo", no_build: true })).toBe("Workspace alice/demo is already running. It is ready.");
      expect(ok("stop_workspace", { stopped: true, workspace_name: "alice/demo", build_id: "b3" })).toBe(
        'Stopped workspace alice/demo. Say `start my workspace` to start it again.',
      );
      expect(ok("stop_workspace", { stopped: true, workspace_name: "alice/demo", no_build: true })).toBe(
        'Workspace alice/demo is already stopped. Say `start my workspace` to start it.',
      );
    });

    it("start build failed", () => {
      expect(ok("start_workspace", { error: "workspace start build failed: exit status 2", build_id: "b2" })).toBe(
        "Starting the workspace failed: workspace start build failed: exit status 2.\nThe build log shows what went wrong.",
      );
    });
  });

  describe("text errors", () => {
    it("no workspace: suggests creating one", () => {
      expect(describeToolResult({ toolName: "start_workspace", output: "chat has no workspace; use create_workspace first", isError: true })).toBe(
        "I couldn't start the workspace: chat has no workspace; use create_workspace first.\n\n" +
          'Say `create a workspace from <template>` to make one, or `list templates` to see the templates.',
      );
    });

    it("template problems: suggests listing templates", () => {
      expect(describeToolResult({ toolName: "create_workspace", output: "look up template: template not found", isError: true })).toBe(
        "I couldn't create the workspace: look up template: template not found.\n\n" + 'Say `list templates` to see the templates you can use.',
      );
    });

    it("a thrown error's class name (AI SDK error-text) is left out", () => {
      expect(describeToolResult({ toolName: "create_workspace", output: "ToolTextError: invalid template_id: not a UUID", isError: true })).toBe(
        "I couldn't create the workspace: invalid template_id: not a UUID.\n\n" + 'Say `list templates` to see the templates you can use.',
      );
    });

    it("anything else: the message", () => {
      expect(describeToolResult({ toolName: "stop_workspace", output: "stop_workspace failed: boom", isError: true })).toBe(
        "I couldn't stop the workspace: stop_workspace failed: boom.",
      );
    });
  });

  describe("list_templates", () => {
    const node = { id: NODE_ID, name: "node-dev", display_name: "Node.js", description: "A Node.js development workspace." };
    const quick = { id: QUICK_ID, name: "quick", display_name: "Quick", your_workspace_count: 2 };

    it("several templates: lists them and asks to choose", () => {
      const text = ok("list_templates", {
        templates: [node, quick],
        page: 1,
        next_page: 2,
        next_step: "Several templates fit: ask the user which one to use, then call create_workspace with its template_id.",
      });
      expect(text).toBe(
        [
          "Templates you can use:",
          "- Node.js (node-dev): A Node.js development workspace.",
          "- Quick (quick) (you have 2 workspaces from it)",
          "",
          'Say `create a workspace from <name>` with the one you want.',
          'There are more: narrow the list with a search, e.g. "templates for node".',
        ].join("\n"),
      );
    });

    it("a recommendation: says how to use it", () => {
      const text = ok("list_templates", {
        templates: [node],
        page: 1,
        recommended_template_id: NODE_ID,
        next_step: `Use template_id ${NODE_ID} (node-dev) with create_workspace; call read_template first if you need its parameters.`,
      });
      expect(text).toContain('Node.js (node-dev) fits best. Say `create a workspace from node-dev` to use it.');
      expect(text).not.toContain(NODE_ID);
    });

    it("no match or no templates: next_step", () => {
      const noMatch = 'No template matches "python". Call list_templates again without a query to see all templates.';
      expect(ok("list_templates", { templates: [], page: 1, next_step: noMatch })).toBe(noMatch);
    });
  });

  it("read_template: the parameters", () => {
    const text = ok("read_template", {
      template: { id: NODE_ID, name: "node-dev", display_name: "Node.js", active_version_id: "v1" },
      parameters: [
        { name: "node_version", type: "string", required: false, mutable: false, default: "20", options: [{ name: "Node.js 18", value: "18" }, { name: "Node.js 20", value: "20" }] },
        { name: "greeting", type: "string", required: true, mutable: true, description: "Printed by the dev server." },
      ],
    });
    expect(text).toBe(
      [
        "Template Node.js (node-dev)",
        "Parameters:",
        "- node_version: default 20; one of 18, 20",
        "- greeting: Printed by the dev server; required",
        'Give values as key=value, e.g. "create a workspace from node-dev with node_version=..."',
      ].join("\n"),
    );
  });
});
