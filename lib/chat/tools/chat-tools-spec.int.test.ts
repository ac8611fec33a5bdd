import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as runTool } from "@/app/api/v1/chats/[chatId]/tools/[tool]/route";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import type { Actor } from "@/lib/auth/actor";
import { createSession } from "@/lib/auth/create-session";
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import type { ChatToolName, ToolCallResult } from "@/lib/chat/schemas";
import { setToolConfig, toolConfig, type ToolConfig } from "@/lib/chat/tools/tool-config";
import { waitForBuild } from "@/lib/chat/waits/wait-for-build";
import { CHAT_WORKSPACE_TTL_KEY } from "@/lib/chat-settings/read-chat-workspace-ttl";
import { AppError } from "@/lib/errors";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { setWorkspaceIsolation } from "@/lib/sandbox/workspace-isolation";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import type { TemplateSpecInput } from "@/lib/templates/schemas";
import { callRoute } from "@/lib/testing/call-route";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";
import { cancelWorkspaceBuild } from "@/lib/workspaces/cancel-workspace-build";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import type * as CreateWorkspaceModule from "@/lib/workspaces/create-workspace";
import { createWorkspaceBuild } from "@/lib/workspaces/create-workspace-build";

// docs/chat-tools.md on the real engine (database, provisioner, agents, pubsub): one test per
// behaviour, named after the contract's sentence. The main flows are in chat-tools.int.test.ts; this
// file covers the rest. Builds that must stay in progress use a *gate*: a build step that waits for
// a file and exits with the code written in it, so a test decides when and how a build ends.
// Templates without agents are used wherever the agent is not the point (they build in ~0.3 s).

// The workspace service runs for real; a test may make it answer one call differently (a 409 the
// engine cannot produce, an internal error) to check how create_workspace passes answers on.
vi.mock("@/lib/workspaces/create-workspace", async (importOriginal) => {
  const actual = await importOriginal<typeof CreateWorkspaceModule>();
  return { ...actual, createWorkspace: vi.fn(actual.createWorkspace) };
});
const createWorkspaceSpy = vi.mocked(createWorkspace);

const getDb = useTestDatabase();
const engine = useEngine(getDb, { prefix: "kiln-tools-spec-" });
let gatesDir: string;

beforeAll(() => {
  setToolConfig({ buildTimeoutMs: 60_000, agentConnectTimeoutMs: 20_000, startupTimeoutMs: 30_000 });
  gatesDir = mkdtempSync(path.join(os.tmpdir(), "kiln-gates-"));
  // A gate is a file of the host's /tmp that the test writes: a sandboxed step never sees it (its
  // /tmp is its own), so it would wait forever. These builds run unsandboxed; the sandbox itself
  // is tested in lib/sandbox, and chat-tools.int.test.ts runs the main flows sandboxed.
  setWorkspaceIsolation({ mode: "none", reason: "chat-tools-spec gates are host files", required: false });
});

afterAll(() => setWorkspaceIsolation(undefined));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const GATE_FAILED = 'build step "Gate" failed with exit code 3';

type Output = Record<string, unknown>;
const out = (result: ToolCallResult) => result.output as Output;

async function example(name: string): Promise<TemplateSpecInput> {
  return (await listExampleTemplates()).find((t) => t.spec.name === name)!.spec;
}

/** A template without agents: its builds take a fraction of a second. */
const agentless = (name: string, more: Partial<TemplateSpecInput> = {}): TemplateSpecInput => ({
  name,
  build: [{ name: "Nothing", run: "true" }],
  ...more,
});

/**
 * A template without agents whose every start build waits at a gate: `open(code)` lets the next
 * build through, exiting with that code (0 succeeds, 3 fails). Each build uses up one opening.
 */
function gatedTemplate(name: string) {
  const dir = path.join(gatesDir, randomUUID());
  mkdirSync(dir);
  const gate = path.join(dir, "gate");
  const spec: TemplateSpecInput = {
    name,
    build: [{ name: "Gate", timeout: 60, run: `while [ ! -e '${gate}' ]; do sleep 0.02; done\ncode=$(cat '${gate}')\nrm -f '${gate}'\nexit "$code"` }],
  };
  const open = (code: number) => {
    // Written aside and renamed, so the step never reads a half-written file.
    writeFileSync(`${gate}.tmp`, String(code));
    renameSync(`${gate}.tmp`, gate);
  };
  return { spec, open };
}

/** A user with a template and a chat in the template's organisation; more chats on demand. */
async function chatWith(spec: TemplateSpecInput) {
  const seeded = await seedUserWithTemplate({ spec });
  const chatFor = async () => {
    const chat = await getDb().prisma.chat.create({ data: { ownerId: seeded.actor.id, organizationId: seeded.organizationId } });
    const call = (tool: ChatToolName, input: unknown = {}) => runChatTool({ chatId: chat.id, actor: seeded.actor, tool, input });
    return { chatId: chat.id, call };
  };
  return { ...seeded, ...(await chatFor()), newChat: chatFor };
}

const binding = async (chatId: string) =>
  getDb().prisma.chat.findUniqueOrThrow({ where: { id: chatId }, select: { workspaceId: true, buildId: true, agentId: true } });

const liveWorkspaces = (actor: Actor) => getDb().prisma.workspace.findMany({ where: { ownerId: actor.id, deleted: false } });

const isJobDone = async (buildId: string) =>
  (await getDb().prisma.workspaceBuild.findUniqueOrThrow({ where: { id: buildId }, include: { job: true } })).job.completedAt !== null;

/** Whether a promise has settled yet (checked after the pending callbacks ran). */
function settledFlag(promise: Promise<unknown>) {
  const state = { isSettled: false };
  void promise.finally(() => {
    state.isSettled = true;
  });
  return state;
}

/**
 * Follows a chat's pubsub channel the way the browser does, counting binding updates ("chat").
 * Counts start at zero once it resolves: anything published before is flushed out first.
 */
async function chatUpdates(chatId: string) {
  const bus = await pubsub();
  let payloads: string[] = [];
  const unsubscribe = await bus.subscribe(channels.chat(chatId), (payload) => payloads.push(payload));
  const bindings = () => payloads.filter((payload) => payload === "chat").length;
  const updates = {
    bindings,
    waitForBindings: (count: number) =>
      eventually(async () => bindings() >= count, { timeoutMs: 15_000, intervalMs: 5, what: `${count} chat binding updates` }),
    /** Sends a marker and waits for it: whatever was published before it has arrived. */
    async flush() {
      const marker = `marker:${randomUUID()}`;
      await bus.publish(channels.chat(chatId), marker);
      await eventually(async () => payloads.includes(marker), { timeoutMs: 5000, intervalMs: 5, what: "the marker" });
    },
    reset() {
      payloads = [];
    },
    close: unsubscribe,
  };
  await updates.flush();
  updates.reset();
  return updates;
}

/** Runs `fn` with some tool waits changed, then puts the previous ones back. */
async function withToolConfig<T>(next: Partial<ToolConfig>, fn: () => Promise<T>): Promise<T> {
  const before = { ...toolConfig() };
  setToolConfig(next);
  try {
    return await fn();
  } finally {
    setToolConfig(before);
  }
}

describe("result fields of every tool", () => {
  it("workspace_name is always <owner>/<name> in every result of every tool, parallel and repeated calls on one chat answering the same value", async () => {
    const gate = gatedTemplate("named");
    const { call, actor, templateId, chatId } = await chatWith(gate.spec);
    const updates = await chatUpdates(chatId);
    const first = call("create_workspace", { template_id: templateId, name: "Same-Name" });
    await updates.waitForBindings(1);
    // Every tool, in parallel, while the first build is in progress.
    const parallel = Promise.all([
      call("create_workspace", { template_id: templateId }),
      call("start_workspace"),
      call("stop_workspace"),
      call("create_workspace", { template_id: templateId, name: "other-name" }),
      call("start_workspace"),
    ]);
    await updates.waitForBindings(6);
    gate.open(0);
    const results = [await first, ...(await parallel)];
    // Then repeated calls, one after the other (the parallel stops left the workspace stopped).
    results.push(await call("stop_workspace"));
    results.push(await call("create_workspace", { template_id: templateId }));
    gate.open(0);
    results.push(await call("start_workspace"));
    results.push(await call("start_workspace"));
    results.push(await call("stop_workspace"));
    await updates.close();

    expect(results.filter((result) => result.isError)).toEqual([]);
    const names = results.map((result) => out(result).workspace_name);
    expect(names).toEqual(Array(results.length).fill(`${actor.username}/Same-Name`));
    expect((await liveWorkspaces(actor)).map((ws) => ws.name)).toEqual(["Same-Name"]);
  });

  it("build_id is set only when a build exists, never null", async () => {
    const gate = gatedTemplate("build-ids");
    const { call, templateId } = await chatWith(gate.spec);
    gate.open(3);
    const failed = out(await call("create_workspace", { template_id: templateId, name: "ids" }));
    gate.open(0);
    const created = out(await call("start_workspace"));
    const again = out(await call("start_workspace"));
    const stopped = out(await call("stop_workspace"));
    const stoppedAgain = out(await call("stop_workspace"));
    const hint = out(await call("create_workspace", { template_id: templateId }));

    for (const withBuild of [failed, created, stopped]) expect(withBuild.build_id).toMatch(UUID);
    expect(new Set([failed.build_id, created.build_id, stopped.build_id]).size).toBe(3);
    // No build made or waited for: no build_id key at all (never null).
    for (const withoutBuild of [again, stoppedAgain, hint]) expect(withoutBuild).not.toHaveProperty("build_id");
    expect(again).toMatchObject({ no_build: true });
    expect(stoppedAgain).toMatchObject({ no_build: true });
  });
});

describe("create_workspace, steps 1–9", () => {
  it("step 3 comes after steps 1–2: an invalid template_id is refused even when the chat has a workspace", async () => {
    const { call, templateId } = await chatWith(agentless("order"));
    await call("create_workspace", { template_id: templateId });
    await call("stop_workspace");
    expect(await call("create_workspace", { template_id: "  " })).toEqual({
      isError: true,
      output: "template_id is required; use list_templates to find one",
    });
    expect(await call("create_workspace", { template_id: "abc" })).toEqual({ isError: true, output: "invalid template_id: invalid UUID length: 3" });
  });

  it("step 3: an existing workspace that says done is returned even when template_id names an unknown template (or another organisation's)", async () => {
    const { call, actor, templateId } = await chatWith(agentless("done-first"));
    const created = out(await call("create_workspace", { template_id: templateId, name: "kept" }));
    await call("stop_workspace");
    const stoppedHint = {
      created: false,
      workspace_name: created.workspace_name,
      status: "stopped",
      message: "workspace is stopped; use start_workspace to start it",
    };
    expect(await call("create_workspace", { template_id: UNKNOWN_ID })).toEqual({ isError: false, output: stoppedHint });
    const theirs = await seedUserWithTemplate({ spec: agentless("theirs") });
    expect(await call("create_workspace", { template_id: theirs.templateId.toUpperCase() })).toEqual({ isError: false, output: stoppedHint });
    expect(await liveWorkspaces(actor)).toHaveLength(1);
  });

  it("existing workspace not done → a new workspace is created: failed build, deleted workspace, and a running workspace with no agents", async () => {
    const gate = gatedTemplate("not-done");
    const { call, chatId, actor, templateId } = await chatWith(gate.spec);
    const prisma = getDb().prisma;

    gate.open(3);
    const failed = out(await call("create_workspace", { template_id: templateId, name: "first" }));
    expect(failed).toEqual({ error: `workspace build failed: ${GATE_FAILED}`, build_id: expect.stringMatching(UUID) });

    // Latest build failed → not done.
    gate.open(0);
    const afterFailure = out(await call("create_workspace", { template_id: templateId, name: "second" }));
    expect(afterFailure).toMatchObject({ created: true, workspace_name: `${actor.username}/second`, agent_status: "no_agent" });

    // Latest build succeeded (start) but the build has no agents → not done.
    gate.open(0);
    const noAgents = out(await call("create_workspace", { template_id: templateId, name: "third" }));
    expect(noAgents).toMatchObject({ created: true, workspace_name: `${actor.username}/third` });

    // Deleted → not done.
    await prisma.workspace.updateMany({ where: { ownerId: actor.id, name: "third" }, data: { deleted: true } });
    gate.open(0);
    const afterDelete = out(await call("create_workspace", { template_id: templateId, name: "fourth" }));
    expect(afterDelete).toMatchObject({ created: true, workspace_name: `${actor.username}/fourth` });

    const fourth = await prisma.workspace.findFirstOrThrow({ where: { ownerId: actor.id, name: "fourth" } });
    expect(await binding(chatId)).toMatchObject({ workspaceId: fourth.id, buildId: afterDelete.build_id });
  });

  it("step 5 comes before step 6: a template of another organisation that is also not allowed gets the organisation message", async () => {
    const mine = await chatWith(agentless("mine"));
    const theirs = await seedUserWithTemplate({ spec: agentless("hidden") });
    await getDb().prisma.template.update({ where: { id: theirs.templateId }, data: { allowedInChat: false } });
    expect(await mine.call("create_workspace", { template_id: theirs.templateId })).toEqual({
      isError: true,
      output: "template belongs to a different organization than this chat; use list_templates to find templates in the correct organization",
    });
  });

  it("step 7: a chat workspace TTL setting of 0, or an unreadable stored value, leaves the template default", async () => {
    const { call, newChat, templateId, actor } = await chatWith(agentless("ttl"));
    const prisma = getDb().prisma;
    try {
      await prisma.siteSetting.upsert({ where: { key: CHAT_WORKSPACE_TTL_KEY }, create: { key: CHAT_WORKSPACE_TTL_KEY, value: 0 }, update: { value: 0 } });
      await call("create_workspace", { template_id: templateId, name: "ttl-zero" });
      await prisma.siteSetting.update({ where: { key: CHAT_WORKSPACE_TTL_KEY }, data: { value: "an hour" } });
      await (await newChat()).call("create_workspace", { template_id: templateId, name: "ttl-text" });
    } finally {
      await prisma.siteSetting.deleteMany({ where: { key: CHAT_WORKSPACE_TTL_KEY } });
    }
    const workspaces = await liveWorkspaces(actor);
    expect(workspaces.map((ws) => [ws.name, ws.ttlMs]).sort()).toEqual([
      ["ttl-text", null],
      ["ttl-zero", null],
    ]);
  });

  it("step 8: a valid name is used unchanged (upper case included) after trimming; an invalid name → generated from the given text; an empty name → generated from the template name", async () => {
    const { actor, templateId, newChat } = await chatWith(agentless("tiny-box"));
    const names: [string | undefined, string | RegExp][] = [
      ["  Dev-Box-1  ", "Dev-Box-1"],
      ["ABC", "ABC"],
      ["My Project!", /^myproject-[0-9a-f]{4}$/],
      ["jane.doe@example.com", /^janedoe-[0-9a-f]{4}$/],
      ["new", /^new-[0-9a-f]{4}$/], // reserved
      ["under_score", /^underscore-[0-9a-f]{4}$/],
      ["x".repeat(40), /^x{27}-[0-9a-f]{4}$/], // too long
      ["", /^tiny-box-[0-9a-f]{4}$/],
      ["   ", /^tiny-box-[0-9a-f]{4}$/],
      [undefined, /^tiny-box-[0-9a-f]{4}$/],
    ];
    const results = await Promise.all(
      names.map(async ([name]) => out(await (await newChat()).call("create_workspace", { template_id: templateId, ...(name === undefined ? {} : { name }) }))),
    );
    results.forEach((result, index) => {
      const expected = names[index]![1];
      expect(result.created, JSON.stringify(result)).toBe(true);
      const [owner, name] = String(result.workspace_name).split("/");
      expect(owner).toBe(actor.username);
      if (typeof expected === "string") expect(name).toBe(expected);
      else expect(name).toMatch(expected);
    });
  });

  it("step 9: a 409 with a validation on name is retried once with a name generated from the original; a second 409 is returned as is", async () => {
    const { call, chatId, actor, templateId } = await chatWith(agentless("retry"));
    const taken = (name: string) =>
      new AppError("conflict", `You already have a workspace named "${name}".`, { validations: [{ field: "name", detail: "taken" }] });
    createWorkspaceSpy.mockClear();
    createWorkspaceSpy.mockRejectedValueOnce(taken("busy")).mockRejectedValueOnce(taken("busy-1234"));
    const result = await call("create_workspace", { template_id: templateId, name: "busy" });
    expect(result).toEqual({
      isError: false,
      output: { error: 'You already have a workspace named "busy-1234".', validations: [{ field: "name", detail: "taken" }] },
    });
    expect(createWorkspaceSpy.mock.calls.map(([options]) => options.input.name)).toEqual(["busy", expect.stringMatching(/^busy-[0-9a-f]{4}$/)]);
    expect(await liveWorkspaces(actor)).toEqual([]);
    expect(await binding(chatId)).toEqual({ workspaceId: null, buildId: null, agentId: null });
  });

  it("step 9: any other 409 is returned as is after one call (structured, nothing created or bound)", async () => {
    const { call, chatId, actor, templateId } = await chatWith(agentless("other-409"));
    createWorkspaceSpy.mockClear();
    createWorkspaceSpy.mockRejectedValueOnce(new AppError("conflict", "Quota reached.", { detail: "3 of 3 workspaces in use" }));
    expect(await call("create_workspace", { template_id: templateId, name: "quota" })).toEqual({
      isError: false,
      output: { error: "Quota reached.", detail: "3 of 3 workspaces in use" },
    });
    expect(createWorkspaceSpy).toHaveBeenCalledTimes(1);
    expect(await liveWorkspaces(actor)).toEqual([]);
    expect(await binding(chatId)).toEqual({ workspaceId: null, buildId: null, agentId: null });
  });

  it("step 9: another (non-4xx) error of the workspace service is a text error", async () => {
    const { call, chatId, templateId } = await chatWith(agentless("internal"));
    createWorkspaceSpy.mockRejectedValueOnce(new Error("connection reset by the database"));
    expect(await call("create_workspace", { template_id: templateId })).toEqual({
      isError: true,
      output: "create_workspace failed: connection reset by the database",
    });
    expect(await binding(chatId)).toEqual({ workspaceId: null, buildId: null, agentId: null });
  });

  it("step 9: a deprecated template is the service's structured rejection (interpretation: steps 4–6 do not check deprecation; the service refuses it)", async () => {
    const { call, chatId, actor, templateId } = await chatWith(agentless("old"));
    await getDb().prisma.template.update({ where: { id: templateId }, data: { deprecated: true } });
    expect(await call("create_workspace", { template_id: templateId })).toEqual({
      isError: false,
      output: {
        error: "This template is deprecated and cannot be used for new workspaces.",
        validations: [{ field: "templateId", detail: "template is deprecated" }],
      },
    });
    expect(await liveWorkspaces(actor)).toEqual([]);
    expect(await binding(chatId)).toEqual({ workspaceId: null, buildId: null, agentId: null });
  });
});

describe("create_workspace, steps 10–14: bind at once, wait for this build", () => {
  it("bind at once: the chat's workspace_id and build_id are set (agent null) and a chat update is published before the build finishes", async () => {
    const gate = gatedTemplate("bind-early");
    const { call, chatId, actor, templateId } = await chatWith(gate.spec);
    const updates = await chatUpdates(chatId);
    const pending = call("create_workspace", { template_id: templateId, name: "early" });
    const settled = settledFlag(pending);
    await updates.waitForBindings(1);

    const bound = await binding(chatId);
    const [workspace] = await liveWorkspaces(actor);
    expect(bound).toEqual({ workspaceId: workspace!.id, buildId: expect.stringMatching(UUID), agentId: null });
    expect(await isJobDone(bound.buildId!)).toBe(false);
    expect(settled.isSettled).toBe(false);

    gate.open(0);
    expect((await pending).output).toEqual({
      created: true,
      workspace_name: `${actor.username}/early`,
      owner_name: actor.username,
      build_id: bound.buildId,
      agent_status: "no_agent",
    });
    await updates.close();
  });

  it("the binding stays even if the build fails", async () => {
    const gate = gatedTemplate("bind-fail");
    const { call, chatId, templateId } = await chatWith(gate.spec);
    const updates = await chatUpdates(chatId);
    const pending = call("create_workspace", { template_id: templateId });
    await updates.waitForBindings(1);
    const bound = await binding(chatId);
    gate.open(3);
    expect((await pending).output).toEqual({ error: `workspace build failed: ${GATE_FAILED}`, build_id: bound.buildId });
    expect(await binding(chatId)).toEqual(bound);
    await updates.close();
  });

  it("step 11: canceled → workspace build failed: build was canceled, with build_id", async () => {
    const gate = gatedTemplate("canceled");
    const { call, chatId, actor, templateId } = await chatWith(gate.spec);
    const updates = await chatUpdates(chatId);
    const pending = call("create_workspace", { template_id: templateId });
    await updates.waitForBindings(1);
    const { buildId } = await binding(chatId);
    await cancelWorkspaceBuild({ buildId: buildId!, actor });
    expect((await pending).output).toEqual({ error: "workspace build failed: build was canceled", build_id: buildId });
    await updates.close();
  });

  it("step 11: timeout → workspace build failed: timed out waiting for workspace build: ..., with build_id", async () => {
    const gate = gatedTemplate("slow");
    const { call, chatId, templateId } = await chatWith(gate.spec);
    const output = await withToolConfig({ buildTimeoutMs: 300 }, async () => out(await call("create_workspace", { template_id: templateId })));
    const { buildId } = await binding(chatId);
    expect(output).toEqual({
      error: expect.stringMatching(/^workspace build failed: timed out waiting for workspace build: /),
      build_id: buildId,
    });
    gate.open(0);
    await eventually(() => isJobDone(buildId!), { what: "the slow build" });
  });

  it("wait for this build by id, never the latest: a later build does not change the answer", async () => {
    const gate = gatedTemplate("by-id");
    const { call, actor, templateId } = await chatWith(gate.spec);
    gate.open(3);
    const failedId = String(out(await call("create_workspace", { template_id: templateId, name: "by-id" })).build_id);
    gate.open(0);
    const succeededId = String(out(await call("start_workspace")).build_id);
    const [workspace] = await liveWorkspaces(actor);
    // A third build, left in progress at the gate: the latest build now is neither of the two.
    const latest = await createWorkspaceBuild({ workspaceId: workspace!.id, input: { transition: "start" }, actor });

    const startedAt = Date.now();
    expect(await waitForBuild({ buildId: failedId })).toEqual({ ok: false, kind: "failed", reason: GATE_FAILED });
    expect(await waitForBuild({ buildId: succeededId })).toEqual({ ok: true, agents: [] });
    // At once, not after the build timeout (60 s) that waiting on the latest build, held at its gate, would take.
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(await isJobDone(latest.id)).toBe(false);
    gate.open(3);
    expect(await waitForBuild({ buildId: latest.id })).toEqual({ ok: false, kind: "failed", reason: GATE_FAILED });
  });

  it("existing workspace with a build in progress: re-publishes the binding to that build and waits; success → already_exists, workspace build completed, build_id, plus the agent wait", async () => {
    const gate = gatedTemplate("in-progress");
    const { call, chatId, actor, templateId } = await chatWith(gate.spec);
    const updates = await chatUpdates(chatId);
    const first = call("create_workspace", { template_id: templateId, name: "busy" });
    await updates.waitForBindings(1);
    const bound = await binding(chatId);

    const second = call("create_workspace", { template_id: templateId, name: "ignored" });
    const settled = settledFlag(second);
    await updates.waitForBindings(2); // the re-publish, while the build is still in progress
    expect(await isJobDone(bound.buildId!)).toBe(false);
    expect(await binding(chatId)).toEqual(bound);
    expect(settled.isSettled).toBe(false);

    gate.open(0);
    expect((await first).output).toMatchObject({ created: true, build_id: bound.buildId });
    expect((await second).output).toEqual({
      created: false,
      workspace_name: `${actor.username}/busy`,
      status: "already_exists",
      message: "workspace build completed",
      build_id: bound.buildId,
      agent_status: "no_agent",
    });
    expect(await liveWorkspaces(actor)).toHaveLength(1);
    await updates.close();
  });

  it("existing workspace with a build in progress: failure → existing workspace build failed: <reason>, with build_id", async () => {
    const gate = gatedTemplate("in-progress-fail");
    const { call, chatId, templateId } = await chatWith(gate.spec);
    const updates = await chatUpdates(chatId);
    const first = call("create_workspace", { template_id: templateId });
    await updates.waitForBindings(1);
    const { buildId } = await binding(chatId);
    const second = call("create_workspace", { template_id: templateId });
    await updates.waitForBindings(2);
    gate.open(3);
    expect((await first).output).toEqual({ error: `workspace build failed: ${GATE_FAILED}`, build_id: buildId });
    expect((await second).output).toEqual({ error: `existing workspace build failed: ${GATE_FAILED}`, build_id: buildId });
    await updates.close();
  });
});

describe("an existing workspace's agent, on the real agent", () => {
  it("create binds the agent and publishes a second time; start_workspace on a running workspace adds no build and changes no binding; connected → no dial; connecting → the full agent wait; timeout → a replacement", async () => {
    const { call, chatId, actor, templateId } = await chatWith(await example("quick"));
    const prisma = getDb().prisma;
    const updates = await chatUpdates(chatId);

    // Steps 10 and 14: two binding updates, the second one with the agent.
    const created = out(await call("create_workspace", { template_id: templateId, name: "live" }));
    expect(created).toEqual({ created: true, workspace_name: `${actor.username}/live`, owner_name: actor.username, build_id: expect.stringMatching(UUID) });
    await updates.flush();
    expect(updates.bindings()).toBe(2);
    const agent = await prisma.workspaceAgent.findFirstOrThrow({ where: { resource: { job: { build: { id: String(created.build_id) } } } } });
    const bound = await binding(chatId);
    expect(bound).toEqual({ workspaceId: expect.any(String), buildId: created.build_id, agentId: agent.id });

    // start_workspace, already running: no_build plus the agent wait; no new build, no binding change.
    updates.reset();
    const builds = await prisma.workspaceBuild.count({ where: { workspaceId: bound.workspaceId! } });
    expect((await call("start_workspace")).output).toEqual({ started: true, workspace_name: `${actor.username}/live`, no_build: true });
    await updates.flush();
    expect(updates.bindings()).toBe(0);
    expect(await binding(chatId)).toEqual(bound);
    expect(await prisma.workspaceBuild.count({ where: { workspaceId: bound.workspaceId! } })).toBe(builds);
    await updates.close();

    // From here the agent is a row the test shapes: its process is gone and its address dials
    // nowhere, so any dial would fail with ECONNREFUSED.
    await stopAgentProcess({ agentId: agent.id, graceMs: 2000 });
    const deadAddress = { address: "127.0.0.1:1", lifecycleState: "ready" as const, disconnectedAt: null, connectionTimeoutSeconds: 120 };

    // connected → "already running and recently connected", the startup-script wait without dialling.
    const now = new Date();
    await prisma.workspaceAgent.update({ where: { id: agent.id }, data: { ...deadAddress, firstConnectedAt: now, lastConnectedAt: now } });
    expect((await call("create_workspace", { template_id: templateId })).output).toEqual({
      created: false,
      workspace_name: `${actor.username}/live`,
      status: "already_exists",
      message: "workspace is already running and recently connected",
    });

    // connecting (never connected, within its connection timeout) → "still connecting" plus the
    // full agent wait: it dials, and the dead address ends it with not_ready and the dial error.
    await prisma.workspaceAgent.update({
      where: { id: agent.id },
      data: { ...deadAddress, firstConnectedAt: null, lastConnectedAt: null, createdAt: new Date() },
    });
    const connecting = await withToolConfig({ agentConnectTimeoutMs: 1000 }, async () => out(await call("create_workspace", { template_id: templateId })));
    expect(connecting).toEqual({
      created: false,
      workspace_name: `${actor.username}/live`,
      status: "already_exists",
      message: "workspace exists and the agent is still connecting",
      agent_status: "not_ready",
      agent_error: expect.stringContaining("ECONNREFUSED"),
    });

    // timeout (never connected, past its connection timeout) → not done: a replacement is created.
    await prisma.workspaceAgent.update({ where: { id: agent.id }, data: { createdAt: new Date(Date.now() - 121_000) } });
    const replacement = out(await call("create_workspace", { template_id: templateId }));
    expect(replacement).toMatchObject({ created: true, workspace_name: expect.stringMatching(new RegExp(`^${actor.username}/quick-[0-9a-f]{4}$`)) });
    expect(await liveWorkspaces(actor)).toHaveLength(2);
  });
});

describe("start_workspace", () => {
  it("start_workspace: a build in progress → bind to it, wait, then the agent wait", async () => {
    const gate = gatedTemplate("start-wait");
    const { call, chatId, actor, templateId } = await chatWith(gate.spec);
    const updates = await chatUpdates(chatId);
    const creating = call("create_workspace", { template_id: templateId, name: "starting" });
    await updates.waitForBindings(1);
    const { buildId } = await binding(chatId);
    const starting = call("start_workspace");
    await updates.waitForBindings(2);
    gate.open(0);
    await creating;
    expect((await starting).output).toEqual({ started: true, workspace_name: `${actor.username}/starting`, build_id: buildId, agent_status: "no_agent" });
    await updates.close();
  });

  it("start_workspace: a build in progress that fails → waiting for in-progress build: <reason>, with build_id", async () => {
    const gate = gatedTemplate("start-wait-fail");
    const { call, chatId, templateId } = await chatWith(gate.spec);
    const updates = await chatUpdates(chatId);
    const creating = call("create_workspace", { template_id: templateId });
    await updates.waitForBindings(1);
    const { buildId } = await binding(chatId);
    const starting = call("start_workspace");
    await updates.waitForBindings(2);
    gate.open(3);
    await creating;
    expect((await starting).output).toEqual({ error: `waiting for in-progress build: ${GATE_FAILED}`, build_id: buildId });
    await updates.close();
  });

  it("start_workspace: otherwise start a build, bind it before it finishes, wait; failure → workspace start build failed: <reason>", async () => {
    const gate = gatedTemplate("start-fail");
    const { call, chatId, actor, templateId } = await chatWith(gate.spec);
    gate.open(0);
    const created = out(await call("create_workspace", { template_id: templateId, name: "restart" }));
    await call("stop_workspace");

    const updates = await chatUpdates(chatId);
    const starting = call("start_workspace");
    await updates.waitForBindings(1);
    const bound = await binding(chatId);
    expect(bound.buildId).not.toBe(created.build_id);
    expect(await isJobDone(bound.buildId!)).toBe(false);
    gate.open(3);
    expect((await starting).output).toEqual({ error: `workspace start build failed: ${GATE_FAILED}`, build_id: bound.buildId });

    gate.open(0);
    const started = out(await call("start_workspace"));
    expect(started).toEqual({ started: true, workspace_name: `${actor.username}/restart`, build_id: expect.stringMatching(UUID), agent_status: "no_agent" });
    expect((await binding(chatId)).buildId).toBe(started.build_id);
    await updates.close();
  });

  it("start rejected with validations carries template_id (an immutable parameter changed, an unknown parameter); without validations it does not", async () => {
    const spec = agentless("immutable", {
      parameters: [
        { name: "region", type: "string", default: "eu", mutable: false },
        { name: "size", type: "string", default: "s", mutable: true },
      ],
    });
    const { call, chatId, templateId } = await chatWith(spec);
    await call("create_workspace", { template_id: templateId });
    await call("stop_workspace");
    const bound = await binding(chatId);
    const builds = await getDb().prisma.workspaceBuild.count({ where: { workspaceId: bound.workspaceId! } });

    expect((await call("start_workspace", { parameters: { region: "us", size: "m" } })).output).toEqual({
      error: "Invalid parameters",
      validations: [{ field: "parameters.region", detail: 'cannot be changed once the workspace exists (it is "eu")' }],
      template_id: templateId,
    });
    expect((await call("start_workspace", { parameters: { colour: "red" } })).output).toEqual({
      error: "Invalid parameters",
      validations: [{ field: "parameters.colour", detail: "unknown parameter; this template has: region, size" }],
      template_id: templateId,
    });
    await getDb().prisma.template.update({ where: { id: templateId }, data: { activeVersionId: null } });
    expect((await call("start_workspace")).output).toEqual({ error: "The workspace's template has no active version." });

    // Nothing half-created: no build, the binding as it was.
    expect(await getDb().prisma.workspaceBuild.count({ where: { workspaceId: bound.workspaceId! } })).toBe(builds);
    expect(await binding(chatId)).toEqual(bound);
  });
});

describe("stop_workspace", () => {
  it("stop_workspace: a build in progress → bind, wait for it, re-read (and stop the workspace it finished starting)", async () => {
    const gate = gatedTemplate("stop-wait");
    const { call, chatId, actor, templateId } = await chatWith(gate.spec);
    const updates = await chatUpdates(chatId);
    const creating = call("create_workspace", { template_id: templateId, name: "stopper" });
    await updates.waitForBindings(1);
    const { buildId: startBuildId } = await binding(chatId);
    const stopping = call("stop_workspace");
    await updates.waitForBindings(2);
    expect((await binding(chatId)).buildId).toBe(startBuildId);
    gate.open(0);
    await creating;
    const stopped = out(await stopping);
    expect(stopped).toEqual({ stopped: true, workspace_name: `${actor.username}/stopper`, build_id: expect.stringMatching(UUID) });
    expect(stopped.build_id).not.toBe(startBuildId);
    const stopBuild = await getDb().prisma.workspaceBuild.findUniqueOrThrow({ where: { id: String(stopped.build_id) } });
    expect(stopBuild.transition).toBe("stop");
    expect((await binding(chatId)).buildId).toBe(stopped.build_id);
    await updates.close();
  });

  it("stop_workspace: the stop build fails → workspace stop build failed: <reason>, with build_id (canceled while no provisioner runs)", async () => {
    const { call, chatId, actor, templateId } = await chatWith(agentless("stop-fail"));
    await call("create_workspace", { template_id: templateId });
    await engine.stopProvisioner();
    try {
      const updates = await chatUpdates(chatId);
      const stopping = call("stop_workspace");
      await updates.waitForBindings(1);
      const { buildId } = await binding(chatId);
      await cancelWorkspaceBuild({ buildId: buildId!, actor });
      expect((await stopping).output).toEqual({ error: "workspace stop build failed: build was canceled", build_id: buildId });
      await updates.close();
    } finally {
      await engine.startProvisioner();
    }
  });

  it("stop_workspace on a deleted workspace answers the workspace-deleted text error", async () => {
    const { call, templateId, actor } = await chatWith(agentless("stop-deleted"));
    await call("create_workspace", { template_id: templateId });
    await getDb().prisma.workspace.updateMany({ where: { ownerId: actor.id }, data: { deleted: true } });
    expect(await call("stop_workspace")).toEqual({ isError: true, output: "workspace was deleted; use create_workspace to make a new one" });
  });
});

describe("list_templates", () => {
  /** An organisation with `count` allowed templates t01…, plus ones list_templates must leave out. */
  async function organisationWithTemplates(count: number) {
    const seeded = await chatWith(agentless("t00"));
    const prisma = getDb().prisma;
    const organizationId = seeded.organizationId;
    for (let i = 1; i <= count; i++) {
      await prisma.template.create({ data: { organizationId, name: `t${String(i).padStart(2, "0")}` } });
    }
    await prisma.template.create({ data: { organizationId, name: "t50-old", deprecated: true } });
    await prisma.template.create({ data: { organizationId, name: "t51-hidden", allowedInChat: false } });
    await seedUserWithTemplate({ spec: agentless("t52-elsewhere") });
    return seeded;
  }

  it("list_templates: only the chat organisation's allowed, not deprecated templates, in pages of 10 with next_page", async () => {
    const { call } = await organisationWithTemplates(11);
    const page1 = out(await call("list_templates"));
    expect((page1.templates as { name: string }[]).map((t) => t.name)).toEqual(["t00", "t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09"]);
    expect(page1).toMatchObject({ page: 1, next_page: 2 });
    const page2 = out(await call("list_templates", { page: 2 }));
    expect((page2.templates as { name: string }[]).map((t) => t.name)).toEqual(["t10", "t11"]);
    expect(page2.page).toBe(2);
    expect(page2).not.toHaveProperty("next_page");
    const page3 = out(await call("list_templates", { page: 3 }));
    expect(page3).toMatchObject({ templates: [], page: 3 });
    expect(page3).not.toHaveProperty("next_page");
    // Pages of the matches only, when there is a query.
    const matched = out(await call("list_templates", { query: "t0" }));
    expect((matched.templates as unknown[]).length).toBe(10);
    expect(matched).not.toHaveProperty("next_page");
  });

  it("list_templates: recommend a template when exactly one matches decisively, and next_step says what to do", async () => {
    const { call, organizationId } = await organisationWithTemplates(3);
    const t02 = await getDb().prisma.template.findFirstOrThrow({ where: { organizationId, name: "t02" } });

    const exact = out(await call("list_templates", { query: "T02" }));
    expect(exact).toMatchObject({ recommended_template_id: t02.id, templates: [{ id: t02.id, name: "t02" }] });
    expect(exact.next_step).toBe(`Use template_id ${t02.id} (t02) with create_workspace; call read_template first if you need its parameters.`);

    const several = out(await call("list_templates", { query: "t0" }));
    expect(several).not.toHaveProperty("recommended_template_id");
    expect(several.next_step).toBe("Several templates fit: ask the user which one to use, then call create_workspace with its template_id.");

    const none = out(await call("list_templates", { query: "cobol" }));
    expect(none).toEqual({
      templates: [],
      page: 1,
      next_step: 'No template matches "cobol". Call list_templates again without a query to see all templates.',
    });

    await getDb().prisma.template.updateMany({ where: { organizationId }, data: { allowedInChat: false } });
    expect((await call("list_templates")).output).toEqual({
      templates: [],
      page: 1,
      next_step: "No templates are available for chat workspaces. Tell the user to ask an admin to allow one.",
    });
  });

  it("list_templates: display_name and description only when set; description cut to 200 chars", async () => {
    const { call, organizationId, templateId } = await chatWith(agentless("plain"));
    const prisma = getDb().prisma;
    const long = `${"word ".repeat(100)}end`;
    const exactly200 = "y".repeat(200);
    const [longOne, fits] = await Promise.all([
      prisma.template.create({ data: { organizationId, name: "verbose", displayName: "Verbose", description: long } }),
      prisma.template.create({ data: { organizationId, name: "whole", description: exactly200 } }),
    ]);
    const templates = out(await call("list_templates")).templates as Output[];
    expect(templates).toEqual([
      { id: templateId, name: "plain" },
      { id: longOne.id, name: "verbose", display_name: "Verbose", description: `${long.slice(0, 199)}…` },
      { id: fits.id, name: "whole", description: exactly200 },
    ]);
    expect(String(templates[1]!.description)).toHaveLength(200);
  });

  it("list_templates: your_workspace_count counts my live workspaces per template, absent when 0", async () => {
    const { call, actor, organizationId, templateId } = await chatWith(agentless("counted"));
    const prisma = getDb().prisma;
    const unused = await prisma.template.create({ data: { organizationId, name: "unused" } });
    const other = await prisma.user.create({
      data: { email: `other-${randomUUID()}@example.com`, username: `other-${randomUUID().slice(0, 8)}`, passwordHash: "scrypt$unused" },
    });
    const workspace = (ownerId: string, name: string, deleted = false) =>
      prisma.workspace.create({ data: { ownerId, organizationId, templateId, name, deleted } });
    await workspace(actor.id, "one");
    await workspace(actor.id, "two");
    await workspace(actor.id, "gone", true);
    await workspace(other.id, "theirs");
    expect(out(await call("list_templates")).templates).toEqual([
      { id: templateId, name: "counted", your_workspace_count: 2 },
      { id: unused.id, name: "unused" },
    ]);
  });
});

describe("read_template", () => {
  it("read_template: the template and every parameter field, optional fields only when set", async () => {
    const spec = agentless("readable", {
      display_name: "Readable",
      description: "A template to read.",
      parameters: [
        {
          name: "size",
          display_name: "Size",
          description: "How big.",
          type: "string",
          default: "s",
          mutable: true,
          options: [
            { name: "Small", value: "s", description: "cheap" },
            { name: "Large", value: "l" },
          ],
        },
        { name: "cpus", type: "number", validation: { min: 1, max: 8 } },
        { name: "label", type: "string", default: "x", validation: { regex: "^[a-z]+$" } },
      ],
    });
    const { call, templateId } = await chatWith(spec);
    const version = await getDb().prisma.template.findUniqueOrThrow({ where: { id: templateId } });
    expect((await call("read_template", { template_id: ` ${templateId.toUpperCase()} ` })).output).toEqual({
      template: { id: templateId, name: "readable", display_name: "Readable", description: "A template to read.", active_version_id: version.activeVersionId },
      parameters: [
        {
          name: "size",
          type: "string",
          required: false,
          mutable: true,
          display_name: "Size",
          description: "How big.",
          default: "s",
          options: [
            { name: "Small", value: "s", description: "cheap" },
            { name: "Large", value: "l" },
          ],
        },
        { name: "cpus", type: "number", required: true, mutable: false, validation_min: 1, validation_max: 8 },
        { name: "label", type: "string", required: false, mutable: false, default: "x", validation_regex: "^[a-z]+$" },
      ],
    });
  });

  it("read_template: errors — required, invalid template_id, not found for unknown or another organisation's, and the not-allowed text", async () => {
    const { call, templateId } = await chatWith(agentless("errors"));
    const theirs = await seedUserWithTemplate({ spec: agentless("theirs") });
    expect(await call("read_template", { template_id: "  " })).toEqual({ isError: true, output: "template_id is required" });
    expect(await call("read_template", { template_id: "nope" })).toEqual({ isError: true, output: "invalid template_id: invalid UUID length: 4" });
    expect(await call("read_template", { template_id: UNKNOWN_ID })).toEqual({ isError: true, output: "template not found" });
    expect(await call("read_template", { template_id: theirs.templateId })).toEqual({ isError: true, output: "template not found" });
    await getDb().prisma.template.update({ where: { id: theirs.templateId }, data: { allowedInChat: false } });
    // Another organisation's template is not found even when it is also not allowed: never reveal it exists.
    expect(await call("read_template", { template_id: theirs.templateId })).toEqual({ isError: true, output: "template not found" });
    await getDb().prisma.template.update({ where: { id: templateId }, data: { allowedInChat: false } });
    expect(await call("read_template", { template_id: templateId })).toEqual({
      isError: true,
      output: "template not available for chat workspaces; use list_templates to find allowed templates",
    });
  });

  it("read_template on a deprecated template still reads it (interpretation: the contract lists no deprecated error; list_templates hides it and the service refuses new workspaces)", async () => {
    const { call, templateId } = await chatWith(agentless("retired"));
    await getDb().prisma.template.update({ where: { id: templateId }, data: { deprecated: true } });
    expect((await call("read_template", { template_id: templateId })).output).toMatchObject({ template: { id: templateId, name: "retired" }, parameters: [] });
    expect(out(await call("list_templates")).templates).toEqual([]);
  });
});

describe("bad input", () => {
  it("bad input to every tool (wrong types, missing fields, huge strings, unknown ids, another user's chat) gives a clear error, never a 500, nothing half-created", async () => {
    const { actor, chatId, templateId } = await chatWith(agentless("robust"));
    const stranger = await seedUserWithTemplate({ spec: agentless("stranger") });
    const strangersChat = await getDb().prisma.chat.create({ data: { ownerId: stranger.actor.id, organizationId: stranger.organizationId } });
    const { secret: session } = await createSession({ userId: actor.id });
    const post = (tool: string, input: unknown, id = chatId) => callRoute(runTool, { session, params: { chatId: id, tool }, body: { input } });

    const textErrors: [ChatToolName, unknown, string | RegExp][] = [
      ["create_workspace", {}, "template_id is required; use list_templates to find one"],
      ["create_workspace", null, "template_id is required; use list_templates to find one"],
      ["create_workspace", { template_id: 42 }, /^invalid input: template_id: /],
      ["create_workspace", { template_id: null }, /^invalid input: template_id: /],
      ["create_workspace", { template_id: ["a"] }, /^invalid input: template_id: /],
      ["create_workspace", "create please", /^invalid input: input: /],
      ["create_workspace", [templateId], /^invalid input: input: /],
      ["create_workspace", { template_id: "x".repeat(100_000) }, "invalid input: template_id: template_id is too long"],
      ["create_workspace", { template_id: templateId, name: 7 }, /^invalid input: name: /],
      ["create_workspace", { template_id: templateId, name: "n".repeat(10_000) }, "invalid input: name: name is too long"],
      ["create_workspace", { template_id: templateId, parameters: "region=eu" }, /^invalid input: parameters: /],
      ["create_workspace", { template_id: templateId, parameters: { size: 3 } }, /^invalid input: parameters\.size: /],
      ["create_workspace", { template_id: templateId, parameters: { size: "v".repeat(5000) } }, "invalid input: parameters.size: parameter values have at most 4096 characters"],
      ["create_workspace", { template_id: templateId, parameters: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, "v"])) }, "invalid input: parameters: at most 100 parameters"],
      ["create_workspace", { template_id: "not-a-uuid" }, "invalid template_id: invalid UUID length: 10"],
      ["create_workspace", { template_id: UNKNOWN_ID }, "look up template: template not found"],
      ["create_workspace", { template_id: stranger.templateId }, "template belongs to a different organization than this chat; use list_templates to find templates in the correct organization"],
      ["list_templates", { page: "2" }, /^invalid input: page: /],
      ["list_templates", { page: 1.5 }, "invalid input: page: page must be a whole number"],
      ["list_templates", { page: 0 }, "invalid input: page: page starts at 1"],
      ["list_templates", { page: 10_000_000 }, /^invalid input: page: /],
      ["list_templates", { query: 5 }, /^invalid input: query: /],
      ["list_templates", { query: "q".repeat(100_000) }, "invalid input: query: query is too long"],
      ["read_template", {}, "template_id is required"],
      ["read_template", { template_id: true }, /^invalid input: template_id: /],
      ["read_template", { template_id: UNKNOWN_ID }, "template not found"],
      ["read_template", { template_id: "x".repeat(100_000) }, "invalid input: template_id: template_id is too long"],
      ["start_workspace", { parameters: ["a"] }, /^invalid input: parameters: /],
      ["start_workspace", { parameters: { size: false } }, /^invalid input: parameters\.size: /],
      ["start_workspace", {}, "chat has no workspace; use create_workspace first"],
      ["stop_workspace", {}, "chat has no workspace; use create_workspace first"],
      // Interpretation: unknown keys are ignored (the input schemas are not strict), not an error.
      ["stop_workspace", { force: true }, "chat has no workspace; use create_workspace first"],
    ];
    for (const [tool, input, expected] of textErrors) {
      const response = await post(tool, input);
      const label = `${tool} ${JSON.stringify(input)?.slice(0, 80)}`;
      expect(response.status, label).toBe(200);
      expect(response.body.isError, label).toBe(true);
      if (typeof expected === "string") expect(response.body.output, label).toBe(expected);
      else expect(response.body.output, label).toMatch(expected);
    }

    // Another user's chat, an unknown chat: not found, for every tool, and nothing recorded there.
    for (const tool of ["create_workspace", "list_templates", "read_template", "start_workspace", "stop_workspace"]) {
      for (const id of [strangersChat.id, UNKNOWN_ID]) {
        const response = await post(tool, { template_id: templateId }, id);
        expect(response.status, `${tool} on ${id}`).toBe(404);
        expect(response.body).toEqual({ message: "chat not found" });
      }
    }
    const malformedChat = await post("list_templates", {}, "chat-1");
    expect(malformedChat.status).toBe(400);
    expect(malformedChat.body.validations).toEqual([expect.objectContaining({ field: "chatId" })]);
    const notJson = await callRoute(runTool, { session, params: { chatId, tool: "list_templates" }, body: "{nope" });
    expect(notJson.status).toBe(400);
    const tooBig = await post("create_workspace", { template_id: "x".repeat(2 * 1024 * 1024) });
    expect(tooBig.status).toBe(413);

    // Nothing half-created anywhere.
    const prisma = getDb().prisma;
    expect(await prisma.workspace.count({ where: { ownerId: { in: [actor.id, stranger.actor.id] } } })).toBe(0);
    expect(await binding(chatId)).toEqual({ workspaceId: null, buildId: null, agentId: null });
    expect(await prisma.chatMessage.count({ where: { chatId: strangersChat.id } })).toBe(0);
    // Every call that reached the chat is in its transcript as an output-error part.
    const parts = (await prisma.chatMessage.findMany({ where: { chatId } })).map((m) => (m.parts as { state: string }[])[0]!.state);
    expect(parts).toEqual(Array(textErrors.length).fill("output-error"));
  });
});
