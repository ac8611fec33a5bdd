import { beforeAll, describe, expect, it } from "vitest";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import type { Actor } from "@/lib/auth/actor";
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import type { ChatToolName } from "@/lib/chat/schemas";
import { setToolConfig } from "@/lib/chat/tools/tool-config";
import { CHAT_WORKSPACE_TTL_KEY } from "@/lib/chat-settings/read-chat-workspace-ttl";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import type { TemplateSpecInput } from "@/lib/templates/schemas";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";

const getDb = useTestDatabase();
useEngine(getDb, { prefix: "kiln-tools-" });

beforeAll(() => {
  setToolConfig({ buildTimeoutMs: 60_000, agentConnectTimeoutMs: 20_000, startupTimeoutMs: 30_000 });
});

async function example(name: string): Promise<TemplateSpecInput> {
  return (await listExampleTemplates()).find((t) => t.spec.name === name)!.spec;
}

/** A user with a template and a chat in the template's organisation. */
async function chatWith(spec: TemplateSpecInput) {
  const seeded = await seedUserWithTemplate({ spec });
  const chat = await getDb().prisma.chat.create({ data: { ownerId: seeded.actor.id, organizationId: seeded.organizationId } });
  const call = (tool: ChatToolName, input: unknown = {}) => runChatTool({ chatId: chat.id, actor: seeded.actor, tool, input });
  return { ...seeded, chatId: chat.id, call };
}

const binding = async (chatId: string) =>
  getDb().prisma.chat.findUniqueOrThrow({ where: { id: chatId }, select: { workspaceId: true, buildId: true, agentId: true } });

const liveWorkspaces = (actor: Actor) => getDb().prisma.workspace.count({ where: { ownerId: actor.id, deleted: false } });

describe("create_workspace on the real engine", () => {
  it("create_workspace creates, binds at once, waits for the build and the agent, and returns the full name", async () => {
    const { call, chatId, actor, templateId } = await chatWith(await example("quick"));
    const result = await call("create_workspace", { template_id: templateId, name: "Quick-One" });
    expect(result.isError).toBe(false);
    expect(result.output).toEqual({
      created: true,
      workspace_name: `${actor.username}/Quick-One`,
      owner_name: actor.username,
      build_id: expect.any(String),
    });
    const bound = await binding(chatId);
    expect(bound).toMatchObject({ buildId: (result.output as { build_id: string }).build_id });
    expect(bound.agentId).not.toBeNull();

    // existing workspace: running and connected → already_exists, no second workspace
    const again = await call("create_workspace", { template_id: templateId });
    expect(again.output).toEqual({
      created: false,
      workspace_name: `${actor.username}/Quick-One`,
      status: "already_exists",
      message: "workspace is already running and recently connected",
    });
    expect(await liveWorkspaces(actor)).toBe(1);

    // the transcript holds both calls as tool parts, like a model's calls
    const messages = await getDb().prisma.chatMessage.findMany({ where: { chatId }, orderBy: { seq: "asc" } });
    expect(messages.map((m) => (m.parts as { type: string; state: string }[])[0])).toEqual([
      expect.objectContaining({ type: "tool-create_workspace", state: "output-available" }),
      expect.objectContaining({ type: "tool-create_workspace", state: "output-available" }),
    ]);
  });

  it("stop_workspace, then create_workspace gives the start_workspace hint, and start_workspace brings it back", async () => {
    const { call, actor, templateId } = await chatWith(await example("quick"));
    const created = (await call("create_workspace", { template_id: templateId, name: "cycle" })).output as { workspace_name: string };
    const stopped = await call("stop_workspace");
    expect(stopped.output).toEqual({ stopped: true, workspace_name: created.workspace_name, build_id: expect.any(String) });
    expect((await call("stop_workspace")).output).toEqual({ stopped: true, workspace_name: created.workspace_name, no_build: true });
    expect((await call("create_workspace", { template_id: templateId })).output).toEqual({
      created: false,
      workspace_name: created.workspace_name,
      status: "stopped",
      message: "workspace is stopped; use start_workspace to start it",
    });
    const started = await call("start_workspace");
    expect(started.output).toEqual({ started: true, workspace_name: created.workspace_name, build_id: expect.any(String) });
    expect((await call("start_workspace")).output).toEqual({ started: true, workspace_name: created.workspace_name, no_build: true });
    expect(await liveWorkspaces(actor)).toBe(1);
  });

  it("a failed build is a structured error with build_id, and the chat stays bound to it", async () => {
    const { call, chatId, templateId } = await chatWith(await example("broken-build"));
    const result = await call("create_workspace", { template_id: templateId });
    expect(result.isError).toBe(false);
    const output = result.output as { error: string; build_id: string };
    expect(output.error).toMatch(/^workspace build failed: build step ".+" failed with exit code 3/);
    expect((await binding(chatId)).buildId).toBe(output.build_id);
  });

  it("broken-startup reports startup_scripts_failed with the lifecycle state", async () => {
    const { call, templateId } = await chatWith(await example("broken-startup"));
    const output = (await call("create_workspace", { template_id: templateId })).output;
    expect(output).toMatchObject({ created: true, startup_scripts: "startup_scripts_failed", lifecycle_state: "start_error" });
    expect(output).not.toHaveProperty("agent_status");
  });

  it("a dead agent makes create_workspace build a replacement", async () => {
    const { call, actor, templateId } = await chatWith(await example("quick"));
    const first = (await call("create_workspace", { template_id: templateId, name: "dying" })).output as { workspace_name: string };
    const prisma = getDb().prisma;
    const agent = await prisma.workspaceAgent.findFirstOrThrow({ where: { resource: { job: { build: { workspace: { ownerId: actor.id } } } } } });
    await stopAgentProcess({ agentId: agent.id, graceMs: 2000 });
    await prisma.workspaceAgent.update({ where: { id: agent.id }, data: { disconnectedAt: new Date() } });
    const second = (await call("create_workspace", { template_id: templateId, name: "dying" })).output as { created: boolean; workspace_name: string };
    expect(second.created).toBe(true);
    expect(second.workspace_name).not.toBe(first.workspace_name);
    expect(second.workspace_name).toMatch(new RegExp(`^${actor.username}/dying-[0-9a-f]{4}$`));
    expect(await liveWorkspaces(actor)).toBe(2);
  });

  it("20 parallel create_workspace calls on one chat make one workspace and answer one workspace_name", async () => {
    const { call, actor, templateId } = await chatWith(await example("quick"));
    const results = await Promise.all(Array.from({ length: 20 }, () => call("create_workspace", { template_id: templateId })));
    expect(results.every((r) => !r.isError)).toBe(true);
    const names = new Set(results.map((r) => (r.output as { workspace_name: string }).workspace_name));
    expect(names.size).toBe(1);
    expect(results.filter((r) => (r.output as { created: boolean }).created)).toHaveLength(1);
    expect(await liveWorkspaces(actor)).toBe(1);
  });
});

describe("create_workspace checks", () => {
  it("answers the contract's text errors in order, creating nothing", async () => {
    const { call, actor } = await chatWith(await example("quick"));
    expect(await call("create_workspace", {})).toEqual({ isError: true, output: "template_id is required; use list_templates to find one" });
    expect(await call("create_workspace", { template_id: "   " })).toEqual({ isError: true, output: "template_id is required; use list_templates to find one" });
    expect(await call("create_workspace", { template_id: "nope" })).toEqual({ isError: true, output: "invalid template_id: invalid UUID length: 4" });
    expect(await call("create_workspace", { template_id: "00000000-0000-4000-8000-000000000000" })).toEqual({
      isError: true,
      output: "look up template: template not found",
    });
    expect((await call("create_workspace", { template_id: 42 })).isError).toBe(true);
    expect((await call("create_workspace", { template_id: "x".repeat(100_000) })).isError).toBe(true);
    expect(await liveWorkspaces(actor)).toBe(0);
  });

  it("a template of another organisation gets the organisation message, and read_template says not found", async () => {
    const mine = await chatWith(await example("quick"));
    const theirs = await seedUserWithTemplate({ spec: await example("quick") });
    expect(await mine.call("create_workspace", { template_id: theirs.templateId })).toEqual({
      isError: true,
      output: "template belongs to a different organization than this chat; use list_templates to find templates in the correct organization",
    });
    expect(await mine.call("read_template", { template_id: theirs.templateId })).toEqual({ isError: true, output: "template not found" });
    expect(await liveWorkspaces(mine.actor)).toBe(0);
  });

  it("a template not allowed in chats is refused by create_workspace and read_template and left out of list_templates", async () => {
    const { call, templateId, actor } = await chatWith(await example("quick"));
    await getDb().prisma.template.update({ where: { id: templateId }, data: { allowedInChat: false } });
    const refusal = "template not available for chat workspaces; use list_templates to find allowed templates";
    expect(await call("create_workspace", { template_id: templateId })).toEqual({ isError: true, output: refusal });
    expect(await call("read_template", { template_id: templateId })).toEqual({ isError: true, output: refusal });
    expect((await call("list_templates")).output).toMatchObject({ templates: [] });
    expect(await liveWorkspaces(actor)).toBe(0);
  });

  it("a bad parameter comes back as the service's structured rejection with validations", async () => {
    const { call, templateId, actor } = await chatWith(await example("node-dev"));
    const result = await call("create_workspace", { template_id: templateId, parameters: { node_version: "16" } });
    expect(result.isError).toBe(false);
    expect(result.output).toMatchObject({ error: "Invalid parameters", validations: [{ field: "parameters.node_version" }] });
    expect(await liveWorkspaces(actor)).toBe(0);
  });

  it("retries once with a generated name when the name is taken", async () => {
    const { call, actor, templateId, chatId } = await chatWith(await example("quick"));
    const other = await getDb().prisma.chat.create({ data: { ownerId: actor.id, organizationId: (await getDb().prisma.chat.findUniqueOrThrow({ where: { id: chatId } })).organizationId } });
    await runChatTool({ chatId: other.id, actor, tool: "create_workspace", input: { template_id: templateId, name: "taken" } });
    const output = (await call("create_workspace", { template_id: templateId, name: "taken" })).output as { workspace_name: string };
    expect(output.workspace_name).toMatch(new RegExp(`^${actor.username}/taken-[0-9a-f]{4}$`));
  });

  it("sends the admin's chat workspace TTL as the workspace's ttl, and ignores an invalid setting", async () => {
    const { call, templateId } = await chatWith(await example("quick"));
    const prisma = getDb().prisma;
    await prisma.siteSetting.upsert({ where: { key: CHAT_WORKSPACE_TTL_KEY }, create: { key: CHAT_WORKSPACE_TTL_KEY, value: 3_600_000 }, update: { value: 3_600_000 } });
    const output = (await call("create_workspace", { template_id: templateId })).output as { workspace_name: string };
    const name = output.workspace_name.split("/")[1]!;
    expect((await prisma.workspace.findFirstOrThrow({ where: { name } })).ttlMs).toBe(3_600_000n);
    await prisma.siteSetting.update({ where: { key: CHAT_WORKSPACE_TTL_KEY }, data: { value: -5 } });
    const second = await chatWith(await example("quick"));
    const next = (await second.call("create_workspace", { template_id: second.templateId })).output as { workspace_name: string };
    expect((await prisma.workspace.findFirstOrThrow({ where: { name: next.workspace_name.split("/")[1]! } })).ttlMs).toBeNull();
    await prisma.siteSetting.delete({ where: { key: CHAT_WORKSPACE_TTL_KEY } });
  });

  it("reports no_agent for a template without agents and selection_error for two chat agents", async () => {
    const none = await chatWith({ name: "no-agents", build: [{ name: "Nothing", run: "true" }] });
    expect((await none.call("create_workspace", { template_id: none.templateId })).output).toMatchObject({ created: true, agent_status: "no_agent" });
    const two = await chatWith({
      name: "two-chat",
      agents: [
        { name: "b", chat: true },
        { name: "a", chat: true },
      ],
    });
    expect((await two.call("create_workspace", { template_id: two.templateId })).output).toMatchObject({
      created: true,
      agent_status: "selection_error",
      agent_error: "multiple agents are marked for chat: a, b; only one agent should be",
    });
  });
});

describe("start_workspace and stop_workspace errors", () => {
  it("answer the chat/workspace text errors", async () => {
    const { call, templateId } = await chatWith({ name: "tiny", build: [{ name: "Nothing", run: "true" }] });
    expect(await call("start_workspace")).toEqual({ isError: true, output: "chat has no workspace; use create_workspace first" });
    expect(await call("stop_workspace")).toEqual({ isError: true, output: "chat has no workspace; use create_workspace first" });
    await call("create_workspace", { template_id: templateId });
    await getDb().prisma.workspace.updateMany({ data: { deleted: true }, where: { templateId } });
    expect(await call("start_workspace")).toEqual({ isError: true, output: "workspace was deleted; use create_workspace to make a new one" });
    expect((await call("start_workspace", { parameters: "nope" })).isError).toBe(true);
  });
});

describe("list_templates and read_template", () => {
  it("lists the chat organisation's allowed templates with a recommendation and reads parameters", async () => {
    const { call, templateId } = await chatWith(await example("node-dev"));
    const all = (await call("list_templates")).output as Record<string, unknown>;
    expect(all).toMatchObject({ page: 1, recommended_template_id: templateId, templates: [{ id: templateId, name: "node-dev", display_name: "Node.js" }] });
    expect((await call("list_templates", { query: "NODE" })).output).toMatchObject({ recommended_template_id: templateId });
    const none = (await call("list_templates", { query: "cobol" })).output as { templates: unknown[]; next_step: string };
    expect(none.templates).toEqual([]);
    expect(none.next_step).toMatch(/without a query/);
    expect((await call("list_templates", { page: 0 })).isError).toBe(true);

    const read = (await call("read_template", { template_id: templateId })).output as { parameters: { name: string }[] };
    expect(read).toMatchObject({ template: { id: templateId, name: "node-dev", active_version_id: expect.any(String) } });
    expect(read.parameters).toEqual([
      expect.objectContaining({ name: "node_version", type: "string", required: false, mutable: false, default: "20", options: expect.any(Array) }),
      expect.objectContaining({ name: "greeting", mutable: true, validation_regex: "^[a-z][a-z ]*$", validation_min: 1, validation_max: 32 }),
    ]);
    expect(await call("read_template", {})).toEqual({ isError: true, output: "template_id is required" });
  });
});
