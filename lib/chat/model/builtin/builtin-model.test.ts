import type { LanguageModelV4Message, LanguageModelV4Prompt, LanguageModelV4StreamPart, LanguageModelV4ToolResultOutput } from "@ai-sdk/provider";
import { stepCountIs, streamText, tool, type ModelMessage } from "ai";
import { describe, expect, it, vi } from "vitest";
import {
  createWorkspaceInputSchema,
  listTemplatesInputSchema,
  readTemplateInputSchema,
  startWorkspaceInputSchema,
  stopWorkspaceInputSchema,
} from "@/lib/chat/tools/schemas";
import { createBuiltinModel, splitIntoDeltas } from "./builtin-model";
import { HELP_TEXT } from "./decide-next-step";

const NODE_ID = "5f0c6c1e-8c63-4b7a-9d3c-1c2f3e4d5a6b";
const QUICK_ID = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
const NODE = { id: NODE_ID, name: "node-dev", display_name: "Node.js", description: "A Node.js development workspace." };
const QUICK = { id: QUICK_ID, name: "quick", display_name: "Quick", description: "A tiny workspace." };

/** list_templates results of the shape in docs/chat-tools.md. */
const recommendedNode = {
  templates: [NODE],
  page: 1,
  recommended_template_id: NODE_ID,
  next_step: `Use template_id ${NODE_ID} (node-dev) with create_workspace; call read_template first if you need its parameters.`,
};
const severalFit = {
  templates: [NODE, QUICK],
  page: 1,
  next_step: "Several templates fit: ask the user which one to use, then call create_workspace with its template_id.",
};
const created = { created: true, workspace_name: "alice/demo", owner_name: "alice", build_id: "7d3c1f0e-0000-4000-8000-000000000001" };

const ALL_TOOLS = ["create_workspace", "list_templates", "read_template", "start_workspace", "stop_workspace"];
const functionTools = (names = ALL_TOOLS) => names.map((name) => ({ type: "function" as const, name, inputSchema: { type: "object" as const } }));

const user = (text: string): LanguageModelV4Message => ({ role: "user", content: [{ type: "text", text }] });
const called = (toolCallId: string, toolName: string, input: unknown): LanguageModelV4Message => ({
  role: "assistant",
  content: [{ type: "tool-call", toolCallId, toolName, input }],
});
const answered = (toolCallId: string, toolName: string, output: LanguageModelV4ToolResultOutput): LanguageModelV4Message => ({
  role: "tool",
  content: [{ type: "tool-result", toolCallId, toolName, output }],
});
const json = (value: unknown): LanguageModelV4ToolResultOutput => ({ type: "json", value: value as never });
const errorText = (value: string): LanguageModelV4ToolResultOutput => ({ type: "error-text", value });

/** What the model does next for a prompt: one tool call (input parsed) or one text. */
async function decide(prompt: LanguageModelV4Prompt, tools = functionTools()) {
  const result = await createBuiltinModel({ chunkDelayMs: 0 }).doGenerate({ prompt, tools });
  expect(result.content).toHaveLength(1);
  const part = result.content[0]!;
  if (part.type === "tool-call") {
    expect(result.finishReason.unified).toBe("tool-calls");
    return { toolName: part.toolName, input: JSON.parse(part.input) as unknown };
  }
  expect(part.type).toBe("text");
  expect(result.finishReason.unified).toBe("stop");
  return { text: part.type === "text" ? part.text : "" };
}

describe("built-in model decisions", () => {
  it.each([
    ["list templates", { toolName: "list_templates", input: {} }],
    ["templates for node", { toolName: "list_templates", input: { query: "node" } }],
    ["create a workspace from node-dev", { toolName: "list_templates", input: { query: "node-dev" } }],
    ["I need a workspace", { toolName: "list_templates", input: {} }],
    ["start my workspace", { toolName: "start_workspace", input: {} }],
    ["start my workspace with greeting=hi", { toolName: "start_workspace", input: { parameters: { greeting: "hi" } } }],
    ["stop my workspace", { toolName: "stop_workspace", input: {} }],
  ])("first step of %j", async (text, expected) => {
    expect(await decide([{ role: "system", content: "You are Kiln." }, user(text)])).toEqual(expected);
  });

  it("help, and anything else gets a short list of what it can do", async () => {
    expect(await decide([user("help")])).toEqual({ text: HELP_TEXT });
    const { text } = (await decide([user("tell me a joke")])) as { text: string };
    expect(text).toContain("`list templates`");
    expect(text).toContain("`create a workspace from <template>`");
  });

  it("creates from the recommended template with the name and parameters", async () => {
    const prompt = [
      user("make me a quick workspace called demo with message=hi greeting=hello there"),
      called("c1", "list_templates", { query: "quick" }),
      answered("c1", "list_templates", json({ ...recommendedNode, templates: [QUICK], recommended_template_id: QUICK_ID })),
    ];
    expect(await decide(prompt)).toEqual({
      toolName: "create_workspace",
      input: { template_id: QUICK_ID, name: "demo", parameters: { message: "hi", greeting: "hello there" } },
    });
  });

  it("without a recommendation, creates from the template named exactly", async () => {
    const prompt = [user("create a workspace from Quick"), called("c1", "list_templates", { query: "Quick" }), answered("c1", "list_templates", json(severalFit))];
    expect(await decide(prompt)).toEqual({ toolName: "create_workspace", input: { template_id: QUICK_ID } });
  });

  it("asks which template when several fit and none is named exactly", async () => {
    const prompt = [user("create a workspace from dev"), called("c1", "list_templates", { query: "dev" }), answered("c1", "list_templates", json(severalFit))];
    const { text } = (await decide(prompt)) as { text: string };
    expect(text).toMatch(/^I found more than one template for "dev", so tell me which one to use\./);
    expect(text).toContain("- Node.js (node-dev)");
    expect(text).toContain("- Quick (quick)");
  });

  it("says so when no template matches", async () => {
    const noMatch = { templates: [], page: 1, next_step: 'No template matches "python". Call list_templates again without a query to see all templates.' };
    const prompt = [user("create a python workspace"), called("c1", "list_templates", { query: "python" }), answered("c1", "list_templates", json(noMatch))];
    expect(await decide(prompt)).toEqual({ text: noMatch.next_step });
  });

  it("after create_workspace, summarises the result and stops", async () => {
    const prompt = [
      user("create a workspace from node-dev"),
      called("c1", "list_templates", { query: "node-dev" }),
      answered("c1", "list_templates", json(recommendedNode)),
      called("c2", "create_workspace", { template_id: NODE_ID }),
      answered("c2", "create_workspace", json({ error: "workspace build failed: exit status 1", build_id: created.build_id })),
    ];
    expect(await decide(prompt)).toEqual({ text: "Creating the workspace failed: workspace build failed: exit status 1.\nThe build log shows what went wrong." });
  });

  it("a text error (error-text) is explained with a hint", async () => {
    const prompt = [user("stop my workspace"), called("c1", "stop_workspace", {}), answered("c1", "stop_workspace", errorText("chat has no workspace; use create_workspace first"))];
    const { text } = (await decide(prompt)) as { text: string };
    expect(text).toMatch(/^I couldn't stop the workspace: chat has no workspace; use create_workspace first\./);
    expect(text).toContain("`create a workspace from <template>`");
  });

  it("a list request only lists, even when one template is recommended", async () => {
    const prompt = [user("templates for node"), called("c1", "list_templates", { query: "node" }), answered("c1", "list_templates", json(recommendedNode))];
    const { text } = (await decide(prompt)) as { text: string };
    expect(text).toContain('Node.js (node-dev) fits best. Say `create a workspace from node-dev` to use it.');
  });

  it("status answers from the latest workspace result of earlier turns", async () => {
    const earlier = [
      user("create a workspace from node-dev"),
      called("c1", "list_templates", { query: "node-dev" }),
      answered("c1", "list_templates", json(recommendedNode)),
      called("c2", "create_workspace", { template_id: NODE_ID }),
      answered("c2", "create_workspace", json(created)),
      { role: "assistant", content: [{ type: "text", text: "Created workspace alice/demo. It is ready." }] } as LanguageModelV4Message,
      user("stop my workspace"),
      called("c3", "stop_workspace", {}),
      answered("c3", "stop_workspace", json({ stopped: true, workspace_name: "alice/demo", build_id: "b2" })),
    ];
    const { text } = (await decide([...earlier, user("what is my workspace doing?")])) as { text: string };
    expect(text).toContain("Stopped workspace alice/demo.");
    expect(text).toContain("`start my workspace`");

    const { text: unknown } = (await decide([user("status")])) as { text: string };
    expect(unknown).toMatch(/^I don't know of a workspace in this chat yet\./);
  });

  it("a bare template name after 'which one?' continues the create", async () => {
    const earlier = [
      user("create a workspace called demo"),
      called("c1", "list_templates", {}),
      answered("c1", "list_templates", json(severalFit)),
      { role: "assistant", content: [{ type: "text", text: "I found more than one template…" }] } as LanguageModelV4Message,
    ];
    expect(await decide([...earlier, user("node-dev")])).toEqual({ toolName: "list_templates", input: { query: "node-dev" } });
    expect(await decide([...earlier, user("the Quick one, please")])).toEqual({ toolName: "list_templates", input: { query: "quick" } });
    expect(await decide([...earlier, user("hmm")])).toHaveProperty("text");
  });

  it("never calls a tool it was not given", async () => {
    expect(await decide([user("stop my workspace")], functionTools(["list_templates"]))).toEqual({
      text: "I can't do that here: the stop_workspace tool is not available in this chat.",
    });
    const result = await createBuiltinModel().doGenerate({ prompt: [user("list templates")], tools: functionTools(), toolChoice: { type: "none" } });
    expect(result.content[0]?.type).toBe("text");
  });

  it("stops calling tools after a few calls in one turn", async () => {
    const prompt: LanguageModelV4Prompt = [user("create a workspace from node-dev")];
    for (let i = 0; i < 4; i++) {
      prompt.push(called(`c${i}`, "list_templates", { query: "node-dev" }), answered(`c${i}`, "list_templates", json(severalFit)));
    }
    expect(await decide(prompt)).toHaveProperty("text");
  });
});

describe("built-in model stream", () => {
  async function parts(prompt: LanguageModelV4Prompt) {
    const { stream } = await createBuiltinModel({ chunkDelayMs: 0, generateId: () => "id" }).doStream({ prompt, tools: functionTools() });
    const collected: LanguageModelV4StreamPart[] = [];
    for await (const part of stream) collected.push(part);
    return collected;
  }

  it("streams text in several deltas, then finish", async () => {
    const collected = await parts([user("help")]);
    expect(collected.map((p) => p.type)).toEqual([
      "stream-start",
      "response-metadata",
      "text-start",
      ...collected.filter((p) => p.type === "text-delta").map(() => "text-delta"),
      "text-end",
      "finish",
    ]);
    const deltas = collected.flatMap((p) => (p.type === "text-delta" ? [p.delta] : []));
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join("")).toBe(HELP_TEXT);
    expect(collected.at(-1)).toMatchObject({ type: "finish", finishReason: { unified: "stop" } });
  });

  it("streams a tool call with its input as a JSON string", async () => {
    const collected = await parts([user("templates for node")]);
    expect(collected.slice(2)).toEqual([
      { type: "tool-call", toolCallId: "id", toolName: "list_templates", input: '{"query":"node"}' },
      expect.objectContaining({ type: "finish", finishReason: { unified: "tool-calls", raw: "tool-calls" } }),
    ]);
  });

  it("splits at word boundaries, keeping every character", () => {
    const text = "Created workspace alice/demo.\n\nIt is ready, and its startup scripts finished.";
    const deltas = splitIntoDeltas(text, 4);
    expect(deltas.join("")).toBe(text);
    expect(deltas).toHaveLength(4);
    for (const delta of deltas.slice(0, -1)) expect(delta).toMatch(/\s$/);
  });
});

describe("built-in model through streamText", () => {
  /** Plain tools with canned results of the shapes in docs/chat-tools.md; each records its inputs. */
  function fakeTools(results: { list?: unknown; create?: unknown; start?: () => unknown } = {}) {
    const execute = {
      list_templates: vi.fn(async () => results.list ?? recommendedNode),
      create_workspace: vi.fn(async () => results.create ?? created),
      read_template: vi.fn(async () => ({ template: { id: NODE_ID, name: "node-dev", active_version_id: "v1" }, parameters: [] })),
      start_workspace: vi.fn(async () => (results.start ? results.start() : { started: true, workspace_name: "alice/demo", build_id: "b2" })),
      stop_workspace: vi.fn(async () => ({ stopped: true, workspace_name: "alice/demo", build_id: "b3" })),
    };
    const tools = {
      create_workspace: tool({ description: "Create a workspace.", inputSchema: createWorkspaceInputSchema, execute: execute.create_workspace }),
      list_templates: tool({ description: "List templates.", inputSchema: listTemplatesInputSchema, execute: execute.list_templates }),
      read_template: tool({ description: "Read a template.", inputSchema: readTemplateInputSchema, execute: execute.read_template }),
      start_workspace: tool({ description: "Start the workspace.", inputSchema: startWorkspaceInputSchema, execute: execute.start_workspace }),
      stop_workspace: tool({ description: "Stop the workspace.", inputSchema: stopWorkspaceInputSchema, execute: execute.stop_workspace }),
    };
    return { tools, execute };
  }

  async function run(messages: ModelMessage[], tools: ReturnType<typeof fakeTools>["tools"]) {
    const result = streamText({ model: createBuiltinModel({ chunkDelayMs: 0 }), tools, messages, stopWhen: stepCountIs(5) });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    const steps = await result.steps;
    return {
      deltas,
      text: await result.text,
      calls: steps.flatMap((step) => step.toolCalls.map((c) => ({ toolName: c.toolName, input: c.input }))),
      messages: await result.responseMessages,
    };
  }

  it("create a workspace from node-dev called demo with greeting=hi", async () => {
    const { tools, execute } = fakeTools();
    const { calls, text, deltas } = await run([{ role: "user", content: "create a workspace from node-dev called demo with greeting=hi" }], tools);

    expect(calls).toEqual([
      { toolName: "list_templates", input: { query: "node-dev" } },
      { toolName: "create_workspace", input: { template_id: NODE_ID, name: "demo", parameters: { greeting: "hi" } } },
    ]);
    expect(execute.list_templates).toHaveBeenCalledOnce();
    expect(execute.create_workspace).toHaveBeenCalledOnce();
    expect(text).toBe("Created workspace alice/demo. It is ready.");
    expect(deltas.length).toBeGreaterThan(1);
  });

  it("a failed build ends the turn with the error", async () => {
    const { tools } = fakeTools({ create: { error: "workspace build failed: exit status 1", build_id: created.build_id } });
    const { calls, text } = await run([{ role: "user", content: "make me a node-dev workspace" }], tools);
    expect(calls.map((c) => c.toolName)).toEqual(["list_templates", "create_workspace"]);
    expect(text).toBe("Creating the workspace failed: workspace build failed: exit status 1.\nThe build log shows what went wrong.");
  });

  it("a tool that throws (a text error) is explained", async () => {
    const { tools } = fakeTools({
      start: () => {
        throw new Error("chat has no workspace; use create_workspace first");
      },
    });
    const { calls, text } = await run([{ role: "user", content: "start my workspace" }], tools);
    expect(calls).toEqual([{ toolName: "start_workspace", input: {} }]);
    expect(text).toMatch(/^I couldn't start the workspace: chat has no workspace; use create_workspace first\./);
  });

  it("carries the conversation into the next turn", async () => {
    const { tools } = fakeTools({ list: severalFit });
    const first = await run([{ role: "user", content: "create a workspace called demo" }], tools);
    expect(first.calls).toEqual([{ toolName: "list_templates", input: {} }]);
    expect(first.text).toMatch(/^I found more than one template, so tell me which one to use\./);

    const history: ModelMessage[] = [{ role: "user", content: "create a workspace called demo" }, ...first.messages];
    const second = await run([...history, { role: "user", content: "quick" }], tools);
    expect(second.calls.map((c) => c.toolName)).toEqual(["list_templates", "create_workspace"]);
    expect(second.calls[1]?.input).toEqual({ template_id: QUICK_ID, name: "demo" });

    const third = await run([...history, { role: "user", content: "quick" }, ...second.messages, { role: "user", content: "status" }], tools);
    expect(third.calls).toEqual([]);
    expect(third.text).toContain("Created workspace alice/demo.");
  });
});

describe("built-in model: work inside the workspace", () => {
  const WORK_TOOLS = [...ALL_TOOLS, "execute", "process_output", "process_list", "process_signal", "read_file", "write_file", "edit_files"];

  it.each([
    ["run npm test", { toolName: "execute", input: { command: "npm test" } }],
    ["run `ls -la` in my workspace", { toolName: "execute", input: { command: "ls -la" } }],
    ["show me package.json", { toolName: "read_file", input: { path: "package.json" } }],
    ["show lines 10-20 of src/index.js", { toolName: "read_file", input: { path: "src/index.js", offset: 10, limit: 11 } }],
    ["write hello to notes.txt", { toolName: "write_file", input: { path: "notes.txt", content: "hello\n" } }],
    [
      "replace hello with hi in notes.txt",
      { toolName: "edit_files", input: { files: [{ path: "notes.txt", edits: [{ old_text: "hello", new_text: "hi" }] }] } },
    ],
    ["what is running", { toolName: "process_list", input: {} }],
    ["stop process p1", { toolName: "process_signal", input: { process_id: "p1", signal: "terminate" } }],
  ])("%s", async (text, expected) => {
    expect(await decide([user(text)], functionTools(WORK_TOOLS))).toEqual(expected);
  });

  it("describes the result of its call and stops", async () => {
    const prompt = [
      user("run node -v"),
      called("c1", "execute", { command: "node -v" }),
      answered("c1", "execute", json({ success: true, output: "v20.20.0\n", exit_code: 0, wall_duration_ms: 12 })),
    ];
    expect(await decide(prompt, functionTools(WORK_TOOLS))).toEqual({ text: "`node -v` exited with code 0 after 12 ms.\n\n```\nv20.20.0\n```" });
  });

  it("says so when the tool is not offered", async () => {
    expect(await decide([user("run npm test")])).toEqual({ text: "I can't do that here: the execute tool is not available in this chat." });
  });

  it("the help lists the new requests, placeholders in inline code", () => {
    expect(HELP_TEXT).toContain("`run npm test`");
    expect(HELP_TEXT).toContain("`show lines 10-20 of src/index.js`");
    expect(HELP_TEXT).toContain("`stop process <id>`");
    expect(HELP_TEXT).toContain("`create a workspace from <template>`");
  });
});
