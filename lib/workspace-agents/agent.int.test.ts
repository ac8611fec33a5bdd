import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, setConfig } from "@/lib/config";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";
import { MAX_SCRIPTS_PER_AGENT } from "@/lib/templates/limits";
import { startAgentApiServer } from "@/lib/testing/agent-api-server";
import { agentApiHandlers } from "./agent-api-handlers";
import { useTestDatabase } from "@/lib/testing/test-database";
import { AGENT_NODE_FLAGS, isAgentProcessRunning, startAgentProcess, stopAgentProcess } from "./agent-process";
import { agentChannelDir } from "@/lib/sandbox/sandbox-paths";
import { agentBundlePath } from "./agent-bundle";
import { dialAgent } from "./dial-agent";
import { dialSecretFromToken } from "./dial-secret";
import { seedAgent, type SeedScript, type SeededAgent } from "./testing/seed-agent";
import { toWorkspaceAgent } from "./to-workspace-agent";

// Real agent processes (node running the bundled agent, unsandboxed) against the real agent route handlers, served over
// HTTP on 127.0.0.1, on the test database of the project (PGlite or PostgreSQL).

const getDb = useTestDatabase();


const HEARTBEAT_MS = 150;
let server: RouteServer;
const startedAgents = new Set<string>();

beforeAll(async () => {
  setConfig({
    dataDir: mkdtempSync(path.join(os.tmpdir(), "kiln-agent-test-")),
    agentHeartbeatMs: HEARTBEAT_MS,
    agentInactivityTimeoutMs: 30_000,
  });
  server = await startAgentApiServer();
});

afterAll(async () => {
  // No agent may outlive the tests, whatever failed.
  await Promise.all([...startedAgents].map((agentId) => stopAgentProcess({ agentId, graceMs: 3000 })));
  await server?.close();
  rmSync(config().dataDir, { recursive: true, force: true });
});

async function startAgent(seeded: SeededAgent, serverUrl = server.url): Promise<number> {
  startedAgents.add(seeded.agentId);
  return startAgentProcess({ agentId: seeded.agentId, token: seeded.token, directory: seeded.directory, serverUrl });
}

async function loadAgent(agentId: string) {
  return getDb().prisma.workspaceAgent.findUniqueOrThrow({
    where: { id: agentId },
    include: { apps: true, scripts: { orderBy: { position: "asc" } } },
  });
}

async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForLifecycle(agentId: string, states: string[]) {
  return eventually(`lifecycle ${states.join("|")}`, async () => {
    const agent = await loadAgent(agentId);
    return states.includes(agent.lifecycleState) ? agent : null;
  });
}

async function logsOf(agentId: string) {
  return getDb().prisma.workspaceAgentLog.findMany({ where: { agentId }, orderBy: { id: "asc" } });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The agent is a child of this process: once it exits it stays a zombie (which kill(pid, 0)
 * still finds) until Node reaps it on a later turn of the event loop.
 */
const waitUntilReaped = (pid: number) => eventually(`process ${pid} to be reaped`, async () => !isAlive(pid), 2000);

const LINES = 250;
const scripts: SeedScript[] = [
  {
    name: "Greet",
    // Values reach the script only through the environment: the $(…) must come out verbatim.
    script: [
      'echo "greeting=$KILN_PARAM_GREETING"',
      `for i in $(seq 1 ${LINES}); do echo "line $i"; done`,
      'echo "oops" >&2',
      'echo "dir=$(pwd) owner=$KILN_WORKSPACE_OWNER name=$KILN_WORKSPACE_NAME wsdir=$KILN_WORKSPACE_DIR transition=$KILN_TRANSITION"',
      'echo "leaked=${KILN_AGENT_TOKEN:-none}${DATABASE_URL:-}"',
    ].join("\n"),
    timeoutSeconds: 60,
  },
  { name: "Other", script: "echo other-script", timeoutSeconds: 60 },
  { name: "Manual", script: "echo never", runOnStart: false },
];

describe("workspace agent process", () => {
  it("connects, streams its startup logs in order, becomes ready, and shuts down cleanly", async () => {
    const greeting = 'hi "there" $(touch pwned)';
    const seeded = await seedAgent({
      scripts,
      parameters: [{ name: "greeting", value: greeting }],
      apps: [{ slug: "web", displayName: "Web", port: 3000 }],
    });
    const heard: string[] = [];
    const bus = await pubsub();
    const unsubscribe = await Promise.all([
      bus.subscribe(channels.agent(seeded.agentId), (payload) => heard.push(`agent:${payload}`)),
      bus.subscribe(channels.workspace(seeded.workspaceId), (payload) => heard.push(`workspace:${payload}`)),
    ]);

    const pid = await startAgent(seeded);
    // A real OS process, marked as this agent's.
    expect(isAlive(pid)).toBe(true);
    // One process, node running the bundle: no TypeScript loader, nothing compiled at start.
    expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").slice(0, 2 + AGENT_NODE_FLAGS.length)).toEqual([process.execPath, ...AGENT_NODE_FLAGS, agentBundlePath()]);
    expect(readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim()).toBe("");
    expect(await isAgentProcessRunning({ agentId: seeded.agentId })).toBe(true);
    // Starting again keeps the running agent instead of making a second one.
    expect(await startAgent(seeded)).toBe(pid);

    const connected = await eventually("address", async () => (await loadAgent(seeded.agentId)).address);
    // Unsandboxed here: the listener is a unix socket in the agent's channel folder, not a port.
    expect(connected).toBe(`unix:${path.join(agentChannelDir(seeded.agentId), "agent.sock")}`);
    expect(await dialAgent({ address: connected, agentId: seeded.agentId, secret: dialSecretFromToken(seeded.token) })).toEqual({ ok: true });
    expect(await dialAgent({ address: connected, agentId: seeded.agentId })).toEqual({ ok: false, error: "bad answer: HTTP 401" });

    const ready = await waitForLifecycle(seeded.agentId, ["ready", "start_error", "start_timeout"]);
    expect(ready.lifecycleState).toBe("ready");
    expect(ready.startedAt).not.toBeNull();
    expect(ready.readyAt!.getTime()).toBeGreaterThanOrEqual(ready.startedAt!.getTime());
    const view = toWorkspaceAgent(ready, new Date(), { workspace: "w", owner: "o" });
    expect(view.status).toBe("connected");
    expect(view.scripts.map(({ name, status, exitCode }) => ({ name, status, exitCode }))).toEqual([
      { name: "Greet", status: "succeeded", exitCode: 0 },
      { name: "Other", status: "succeeded", exitCode: 0 },
      { name: "Manual", status: "pending", exitCode: null },
    ]);
    expect(view.apps).toEqual([
      { slug: "web", displayName: "Web", port: 3000, path: "/", share: "owner", host: "web--main--w--o.localhost", health: "disabled" },
    ]);

    // Every line was stored before the agent said ready, in the order the script wrote it. Only
    // within a stream: stdout and stderr are separate pipes, with no order between them.
    const logs = await logsOf(seeded.agentId);
    const greet = logs.filter((log) => log.scriptId === seeded.scriptIds.Greet);
    const directory = realpathSync(seeded.directory);
    expect(greet.filter((log) => log.level === "info").map((log) => log.output)).toEqual([
      `greeting=${greeting}`,
      ...Array.from({ length: LINES }, (_, i) => `line ${i + 1}`),
      `dir=${directory} owner=${seeded.ownerName} name=${seeded.workspaceName} wsdir=${seeded.directory} transition=start`,
      "leaked=none",
    ]);
    expect(greet.filter((log) => log.level === "error").map((log) => log.output)).toEqual(["oops"]);
    expect(logs.filter((log) => log.scriptId === seeded.scriptIds.Other).map((log) => log.output)).toEqual(["other-script"]);
    expect(existsSync(path.join(seeded.directory, "pwned"))).toBe(false);

    // Heartbeats keep it connected.
    const beforeBeats = ready.lastConnectedAt!.getTime();
    await eventually("a heartbeat", async () => (await loadAgent(seeded.agentId)).lastConnectedAt!.getTime() > beforeBeats);

    expect(heard).toEqual(expect.arrayContaining(["agent:state", "agent:logs", "workspace:agent"]));
    for (const stop of unsubscribe) stop();

    expect(await stopAgentProcess({ agentId: seeded.agentId })).toBe(true);
    const off = await loadAgent(seeded.agentId);
    expect(off.lifecycleState).toBe("off");
    expect(off.disconnectedAt).not.toBeNull();
    expect(toWorkspaceAgent(off, new Date(), { workspace: "w", owner: "o" }).status).toBe("disconnected");
    await waitUntilReaped(pid);
    expect(await isAgentProcessRunning({ agentId: seeded.agentId })).toBe(false);
    expect(await dialAgent({ address: connected, timeoutMs: 1000 })).toMatchObject({ ok: false });
    expect(await stopAgentProcess({ agentId: seeded.agentId })).toBe(false);
    // The agent's own output, appended to its log file in the data folder.
    const agentLog = readFileSync(path.join(config().dataDir, "agents", `${seeded.agentId}.log`), "utf8");
    expect(agentLog).toMatch(/lifecycle: ready[\s\S]*lifecycle: off/);
  });

  it("ends in start_error when a script fails, start_timeout when one runs past its timeout, ready with no scripts", async () => {
    const [failing, slow, empty] = await Promise.all([
      seedAgent({
        scripts: [
          { name: "Fails", script: "echo failing; exit 3", timeoutSeconds: 30 },
          { name: "Works", script: "echo fine", timeoutSeconds: 30 },
        ],
      }),
      seedAgent({
        scripts: [
          { name: "Slow", script: "echo before; sleep 30; echo after", timeoutSeconds: 1 },
          { name: "Fails", script: "exit 1", timeoutSeconds: 30 },
        ],
      }),
      seedAgent(),
    ]);
    await Promise.all([startAgent(failing), startAgent(slow), startAgent(empty)]);

    const [failed, timedOut, readyAgent] = await Promise.all([
      waitForLifecycle(failing.agentId, ["ready", "start_error", "start_timeout"]),
      waitForLifecycle(slow.agentId, ["ready", "start_error", "start_timeout"]),
      waitForLifecycle(empty.agentId, ["ready", "start_error", "start_timeout"]),
    ]);

    expect(failed.lifecycleState).toBe("start_error");
    expect(failed.scripts.map(({ name, status, exitCode }) => ({ name, status, exitCode }))).toEqual([
      { name: "Fails", status: "failed", exitCode: 3 },
      { name: "Works", status: "succeeded", exitCode: 0 },
    ]);

    expect(timedOut.lifecycleState).toBe("start_timeout");
    expect(timedOut.scripts.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: "Slow", status: "timed_out" },
      { name: "Fails", status: "failed" },
    ]);
    const slowLogs = (await logsOf(slow.agentId)).map((log) => log.output);
    expect(slowLogs).toEqual(["before", "Slow: timed out after 1s"]);

    expect(readyAgent.lifecycleState).toBe("ready");
    expect(readyAgent.readyAt).not.toBeNull();

    const stopped = await Promise.all([failing, slow, empty].map(({ agentId }) => stopAgentProcess({ agentId })));
    expect(stopped).toEqual([true, true, true]);
  });

  it("runs and reports the most startup scripts a template may declare", async () => {
    // 10,000 scripts started at once crashed the agent (EMFILE) and could never be reported. At
    // the template limit, every script runs (a bounded number at a time) and one report says so.
    const many = Array.from({ length: MAX_SCRIPTS_PER_AGENT }, (_, index) => ({ name: `s${index}`, script: `echo ${index}`, timeoutSeconds: 60 }));
    const seeded = await seedAgent({ scripts: many });
    await startAgent(seeded);
    const agent = await eventually("the startup to end", async () => {
      const loaded = await loadAgent(seeded.agentId);
      return loaded.lifecycleState === "starting" || loaded.lifecycleState === "created" ? null : loaded;
    }, 120_000);
    expect(agent.lifecycleState).toBe("ready");
    expect(agent.scripts).toHaveLength(MAX_SCRIPTS_PER_AGENT);
    expect(agent.scripts.filter((script) => script.status !== "succeeded")).toEqual([]);
    expect(await stopAgentProcess({ agentId: seeded.agentId })).toBe(true);
  }, 180_000);

  it("stops a running startup script on shutdown and reports it canceled", async () => {
    const seeded = await seedAgent({ scripts: [{ name: "Long", script: "echo started; sleep 60", timeoutSeconds: 120 }] });
    const pid = await startAgent(seeded);
    // Lifecycle reports and log batches travel separately: wait for both.
    await eventually("the script running", async () => (await logsOf(seeded.agentId)).length > 0);
    await waitForLifecycle(seeded.agentId, ["starting"]);

    // It exits by itself after SIGTERM, well within a grace long enough for a loaded machine (the
    // default 10 s grace, 8 s of which were allowed, left little): "off" and "canceled" below are
    // written only by its own shutdown.
    const started = Date.now();
    expect(await stopAgentProcess({ agentId: seeded.agentId, graceMs: 30_000 })).toBe(true);
    expect(Date.now() - started).toBeLessThan(20_000);
    await waitUntilReaped(pid);
    const off = await loadAgent(seeded.agentId);
    expect(off.lifecycleState).toBe("off");
    expect(off.readyAt).toBeNull();
    expect(off.scripts.map(({ status }) => status)).toEqual(["canceled"]);
  });

  it("waits for an unreachable server, then keeps heartbeating through a server restart", async () => {
    // The server the agent is pointed at is not up yet.
    const placeholder = await startRouteServer({});
    const url = placeholder.url;
    await placeholder.close();
    const seeded = await seedAgent({ scripts: [{ name: "Hello", script: "echo hello", timeoutSeconds: 30 }] });
    await startAgent(seeded, url);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await loadAgent(seeded.agentId)).firstConnectedAt).toBeNull();

    const port = Number(new URL(url).port);
    let late = await startRouteServer(agentApiHandlers, { port });
    try {
      const ready = await waitForLifecycle(seeded.agentId, ["ready"]);
      expect((await logsOf(seeded.agentId)).map((log) => log.output)).toEqual(["hello"]);

      // Down for several heartbeats, then back: the agent carries on by itself.
      await late.close();
      await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 5));
      const downSince = (await loadAgent(seeded.agentId)).lastConnectedAt!.getTime();
      expect(downSince).toBeGreaterThanOrEqual(ready.lastConnectedAt!.getTime());
      late = await startRouteServer(agentApiHandlers, { port });
      await eventually("a heartbeat after the restart", async () => (await loadAgent(seeded.agentId)).lastConnectedAt!.getTime() > downSince);
      expect(await stopAgentProcess({ agentId: seeded.agentId })).toBe(true);
      expect((await loadAgent(seeded.agentId)).lifecycleState).toBe("off");
    } finally {
      await late.close();
    }
  });
});
