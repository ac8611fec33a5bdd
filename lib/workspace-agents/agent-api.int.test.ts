import { describe, expect, it } from "vitest";
import * as connectRoute from "@/app/api/v1/agent/connect/route";
import * as disconnectRoute from "@/app/api/v1/agent/disconnect/route";
import * as heartbeatRoute from "@/app/api/v1/agent/heartbeat/route";
import * as lifecycleRoute from "@/app/api/v1/agent/lifecycle/route";
import * as logsRoute from "@/app/api/v1/agent/logs/route";
import * as manifestRoute from "@/app/api/v1/agent/manifest/route";
import { createApiToken } from "@/lib/auth/create-api-token";
import { createSession } from "@/lib/auth/create-session";
import { config } from "@/lib/config";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";
import { MAX_AGENT_LOG_OUTPUT_BYTES } from "./schemas";
import { seedAgent } from "./testing/seed-agent";

const getDb = useTestDatabase();
const prisma = () => getDb().prisma;

const connect = connectRoute.POST;
const heartbeat = heartbeatRoute.POST;
const lifecycle = lifecycleRoute.POST;
const logs = logsRoute.POST;
const disconnect = disconnectRoute.POST;
const manifest = manifestRoute.GET;

const at = (ms: number) => new Date(1_700_000_000_000 + ms).toISOString();

async function twoAgents() {
  const scripts = [
    { name: "Install", script: "echo install", timeoutSeconds: 60 },
    { name: "Serve", script: "echo serve", runOnStart: false },
  ];
  const [mine, theirs] = await Promise.all([seedAgent({ scripts }), seedAgent({ scripts })]);
  return { mine, theirs };
}

const logCount = (agentId: string) => prisma().workspaceAgentLog.count({ where: { agentId } });

describe("agent API authentication", () => {
  const calls = [
    { name: "manifest", handler: manifest, body: undefined },
    { name: "connect", handler: connect, body: { address: "127.0.0.1:1234" } },
    { name: "heartbeat", handler: heartbeat, body: {} },
    { name: "lifecycle", handler: lifecycle, body: { state: "starting" } },
    { name: "logs", handler: logs, body: { logs: [] } },
    { name: "disconnect", handler: disconnect, body: {} },
  ];

  it("refuses users' tokens and sessions, and requests without a token, on every agent route", async () => {
    const { mine } = await twoAgents();
    const owner = await prisma().user.findFirstOrThrow({ where: { username: mine.ownerName } });
    const actor = { id: owner.id, email: owner.email, username: owner.username, name: owner.name, role: owner.role };
    const { token: apiToken } = await createApiToken({ actor, name: "cli" });
    const { secret: session } = await createSession({ userId: owner.id });

    for (const { name, handler, body } of calls) {
      const asUser = await callRoute(handler, { token: apiToken, body });
      expect([name, asUser.status, asUser.body]).toEqual([name, 401, { message: "agent token required" }]);
      const asSessionBearer = await callRoute(handler, { token: session, body });
      expect([name, asSessionBearer.status, asSessionBearer.body]).toEqual([name, 401, { message: "agent token required" }]);
      // The session cookie opens user routes, never the agent API.
      const asCookie = await callRoute(handler, { session, body });
      expect([name, asCookie.status, asCookie.body]).toEqual([name, 401, { message: "agent token required" }]);
      const anonymous = await callRoute(handler, { body });
      expect([name, anonymous.status]).toEqual([name, 401]);
      const unknown = await callRoute(handler, { token: "kiln_a_not-a-real-token", body });
      expect([name, unknown.status, unknown.body]).toEqual([name, 401, { message: "invalid agent token" }]);
    }
    // Nothing was written by any of them.
    const row = await prisma().workspaceAgent.findUniqueOrThrow({ where: { id: mine.agentId } });
    expect(row).toMatchObject({ address: null, firstConnectedAt: null, lifecycleState: "created" });
  });
});

describe("GET /api/v1/agent/manifest", () => {
  it("gives the agent its scripts, apps and environment, parameters as KILN_PARAM_*", async () => {
    const seeded = await seedAgent({
      scripts: [
        { name: "Install", script: "npm ci", timeoutSeconds: 600 },
        { name: "Manual", script: "echo manual", runOnStart: false },
      ],
      parameters: [
        { name: "greeting", value: "hello $(rm -rf /)" },
        { name: "node_version", value: "20" },
      ],
      apps: [{ slug: "web", displayName: "Web", port: 3000 }],
    });
    const response = await callRoute(manifest, { token: seeded.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      agentId: seeded.agentId,
      name: "main",
      workspaceId: seeded.workspaceId,
      workspaceName: seeded.workspaceName,
      ownerName: seeded.ownerName,
      directory: seeded.directory,
      env: {
        KILN_PARAM_GREETING: "hello $(rm -rf /)",
        KILN_PARAM_NODE_VERSION: "20",
        KILN_WORKSPACE_NAME: seeded.workspaceName,
        KILN_WORKSPACE_OWNER: seeded.ownerName,
        KILN_WORKSPACE_DIR: seeded.directory,
        KILN_TRANSITION: "start",
      },
      scripts: [
        { id: seeded.scriptIds.Install, name: "Install", script: "npm ci", runOnStart: true, timeoutSeconds: 600 },
        { id: seeded.scriptIds.Manual, name: "Manual", script: "echo manual", runOnStart: false, timeoutSeconds: 0 },
      ],
      apps: [{ slug: "web", displayName: "Web", port: 3000, path: "/", healthcheck: null }],
      heartbeatIntervalMs: config().agentHeartbeatMs,
    });
  });
});

describe("POST /api/v1/agent/logs", () => {
  it("refuses a batch naming another agent's script, and inserts none of it", async () => {
    const { mine, theirs } = await twoAgents();
    const response = await callRoute(logs, {
      token: mine.token,
      body: {
        logs: [
          { scriptId: mine.scriptIds.Install, level: "info", output: "mine", createdAt: at(1) },
          { scriptId: theirs.scriptIds.Install, level: "info", output: "theirs", createdAt: at(2) },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: "Unknown script",
      validations: [{ field: "logs.1.scriptId", detail: "not a script of this agent" }],
    });
    expect(await logCount(mine.agentId)).toBe(0);
    expect(await logCount(theirs.agentId)).toBe(0);
  });

  it("stores lines in order, cutting long ones and NUL characters", async () => {
    const { mine } = await twoAgents();
    const long = "x".repeat(MAX_AGENT_LOG_OUTPUT_BYTES + 100);
    const lines = [
      { scriptId: mine.scriptIds.Install, level: "info", output: "first", createdAt: at(1) },
      { scriptId: null, level: "error", output: "agent says\u0000hi", createdAt: at(2) },
      { scriptId: mine.scriptIds.Serve, level: "info", output: long, createdAt: at(3) },
      ...Array.from({ length: 200 }, (_, i) => ({ scriptId: mine.scriptIds.Install, level: "info", output: `n${i}`, createdAt: at(4) })),
    ];
    const response = await callRoute(logs, { token: mine.token, body: { logs: lines } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ count: lines.length });
    const stored = await prisma().workspaceAgentLog.findMany({ where: { agentId: mine.agentId }, orderBy: { id: "asc" } });
    expect(stored.map((row) => row.output)).toEqual([
      "first",
      "agent says\uFFFDhi",
      "x".repeat(MAX_AGENT_LOG_OUTPUT_BYTES),
      ...Array.from({ length: 200 }, (_, i) => `n${i}`),
    ]);
    expect(stored[1]).toMatchObject({ scriptId: null, level: "error" });
    expect(stored[0]!.createdAt.toISOString()).toBe(at(1));
  });

  it("answers bad bodies with 400 and the fields at fault", async () => {
    const { mine } = await twoAgents();
    const good = { scriptId: mine.scriptIds.Install, level: "info", output: "ok", createdAt: at(1) };
    const cases: [unknown, string][] = [
      [{ logs: "nope" }, "logs"],
      [{}, "logs"],
      [{ logs: [{ ...good, level: "warn" }] }, "logs.0.level"],
      [{ logs: [{ ...good, createdAt: "yesterday" }] }, "logs.0.createdAt"],
      [{ logs: [{ ...good, scriptId: "not-a-uuid" }] }, "logs.0.scriptId"],
      [{ logs: [{ ...good, output: 42 }] }, "logs.0.output"],
      [{ logs: Array(1001).fill(good) }, "logs"],
    ];
    for (const [body, field] of cases) {
      const response = await callRoute(logs, { token: mine.token, body });
      expect(response.status).toBe(400);
      expect(response.body.validations.map((v: { field: string }) => v.field)).toContain(field);
    }
    const malformed = await callRoute(logs, { token: mine.token, body: '{"logs": [' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ message: "Malformed JSON body." });
    const notJson = await callRoute(logs, { token: mine.token, body: "logs", headers: { "content-type": "text/plain" } });
    expect(notJson.status).toBe(415);
    expect(await logCount(mine.agentId)).toBe(0);
  });
});

describe("POST /api/v1/agent/lifecycle", () => {
  it("refuses another agent's script id and changes nothing", async () => {
    const { mine, theirs } = await twoAgents();
    const response = await callRoute(lifecycle, {
      token: mine.token,
      body: {
        state: "starting",
        scripts: [
          { id: mine.scriptIds.Install, status: "running", startedAt: at(1) },
          { id: theirs.scriptIds.Install, status: "running", startedAt: at(1) },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.validations).toEqual([{ field: "scripts.1.id", detail: "not a script of this agent" }]);
    const [agent, scripts] = await Promise.all([
      prisma().workspaceAgent.findUniqueOrThrow({ where: { id: mine.agentId } }),
      prisma().workspaceAgentScript.findMany({ where: { agentId: { in: [mine.agentId, theirs.agentId] } } }),
    ]);
    expect(agent).toMatchObject({ lifecycleState: "created", startedAt: null });
    expect(scripts.every((script) => script.status === "pending" && script.startedAt === null)).toBe(true);
  });

  it("records states with their times and script results, and refuses transitions that make no sense", async () => {
    const { mine } = await twoAgents();
    const report = (body: unknown) => callRoute(lifecycle, { token: mine.token, body });
    const load = () => prisma().workspaceAgent.findUniqueOrThrow({ where: { id: mine.agentId }, include: { scripts: true } });

    expect((await report({ state: "starting", scripts: [{ id: mine.scriptIds.Install, status: "running", startedAt: at(1) }] })).status).toBe(200);
    const starting = await load();
    expect(starting.lifecycleState).toBe("starting");
    expect(starting.startedAt).not.toBeNull();
    expect(starting.readyAt).toBeNull();
    expect(starting.scripts.find((s) => s.name === "Install")).toMatchObject({ status: "running", startedAt: new Date(at(1)) });

    // A retried report changes nothing.
    expect((await report({ state: "starting" })).status).toBe(200);
    expect((await load()).startedAt).toEqual(starting.startedAt);

    const done = await report({
      state: "start_error",
      scripts: [{ id: mine.scriptIds.Install, status: "failed", exitCode: 2, startedAt: at(1), endedAt: at(5) }],
    });
    expect(done).toMatchObject({ status: 200, body: { lifecycleState: "start_error" } });
    const failed = await load();
    expect(failed.readyAt).not.toBeNull();
    expect(failed.scripts.find((s) => s.name === "Install")).toMatchObject({ status: "failed", exitCode: 2, endedAt: new Date(at(5)) });

    const flip = await report({ state: "ready" });
    expect(flip.status).toBe(409);
    expect(flip.body).toEqual({ message: "agent lifecycle cannot go from start_error to ready" });

    expect((await report({ state: "shutting_down" })).status).toBe(200);
    expect((await report({ state: "ready" })).status).toBe(409);
    expect((await report({ state: "off" })).status).toBe(200);
    expect((await report({ state: "shutting_down" })).status).toBe(409);
    expect((await load()).lifecycleState).toBe("off");

    // A new boot starts over.
    expect((await report({ state: "starting" })).status).toBe(200);
    const rebooted = await load();
    expect(rebooted).toMatchObject({ lifecycleState: "starting", readyAt: null });
    expect(rebooted.startedAt!.getTime()).toBeGreaterThanOrEqual(failed.startedAt!.getTime());
    // A field left out of a script's report keeps its value; null clears it.
    expect((await report({ state: "ready", scripts: [{ id: mine.scriptIds.Install, status: "succeeded", exitCode: null }] })).status).toBe(200);
    expect((await load()).scripts.find((s) => s.name === "Install")).toMatchObject({
      status: "succeeded",
      exitCode: null,
      startedAt: new Date(at(1)),
      endedAt: new Date(at(5)),
    });
  });

  it("answers bad bodies with 400", async () => {
    const { mine } = await twoAgents();
    for (const body of [
      {},
      { state: "created" },
      { state: "booting" },
      { state: "ready", scripts: [{ id: mine.scriptIds.Install, status: "exploded" }] },
      { state: "ready", scripts: [{ id: mine.scriptIds.Install, status: "failed", exitCode: 1.5 }] },
      { state: "ready", scripts: [{ id: mine.scriptIds.Install, status: "failed", exitCode: 2 ** 31 }] },
      { state: "ready", scripts: "all" },
    ]) {
      const response = await callRoute(lifecycle, { token: mine.token, body });
      expect([body, response.status]).toEqual([body, 400]);
    }
    expect((await prisma().workspaceAgent.findUniqueOrThrow({ where: { id: mine.agentId } })).lifecycleState).toBe("created");
  });
});

describe("connect, heartbeat and disconnect", () => {
  it("tracks the agent's connection on its own row only", async () => {
    const { mine, theirs } = await twoAgents();
    const load = (agentId: string) => prisma().workspaceAgent.findUniqueOrThrow({ where: { id: agentId } });

    const early = await callRoute(heartbeat, { token: mine.token, body: {} });
    expect(early.status).toBe(409);
    expect((await load(mine.agentId)).lastConnectedAt).toBeNull();

    for (const address of ["", "localhost", "http://127.0.0.1:80", "127.0.0.1:port", "a b:1"]) {
      const bad = await callRoute(connect, { token: mine.token, body: { address } });
      expect([address, bad.status]).toEqual([address, 400]);
    }

    expect((await callRoute(connect, { token: mine.token, body: { address: "127.0.0.1:4100" } })).status).toBe(204);
    const first = await load(mine.agentId);
    expect(first).toMatchObject({ address: "127.0.0.1:4100", disconnectedAt: null });
    expect(first.firstConnectedAt).toEqual(first.lastConnectedAt);

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await callRoute(heartbeat, { token: mine.token, body: {} })).status).toBe(204);
    const beat = await load(mine.agentId);
    expect(beat.lastConnectedAt!.getTime()).toBeGreaterThan(first.lastConnectedAt!.getTime());
    expect(beat.firstConnectedAt).toEqual(first.firstConnectedAt);

    expect((await callRoute(disconnect, { token: mine.token, body: {} })).status).toBe(204);
    const gone = await load(mine.agentId);
    expect(gone.disconnectedAt).not.toBeNull();

    // Back again at another address: firstConnectedAt stays, the disconnect is cleared.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await callRoute(connect, { token: mine.token, body: { address: "[::1]:4200" } })).status).toBe(204);
    const again = await load(mine.agentId);
    expect(again).toMatchObject({ address: "[::1]:4200", disconnectedAt: null, firstConnectedAt: first.firstConnectedAt });
    expect(again.lastConnectedAt!.getTime()).toBeGreaterThan(gone.disconnectedAt!.getTime());

    expect(await load(theirs.agentId)).toMatchObject({ address: null, firstConnectedAt: null, disconnectedAt: null });
  });
});
