import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentManifest } from "../workspace-agents/schemas";
import { runAgent } from "./run-agent";

const AGENT_ID = "7b0c7a36-7a2a-4c2e-9a6b-3f1f3c9a0101";
const SCRIPT_ID = "7b0c7a36-7a2a-4c2e-9a6b-3f1f3c9a0102";

const manifest: AgentManifest = {
  agentId: AGENT_ID,
  name: "main",
  workspaceId: "7b0c7a36-7a2a-4c2e-9a6b-3f1f3c9a0103",
  workspaceName: "ws",
  ownerName: "ada",
  directory: mkdtempSync(path.join(os.tmpdir(), "kiln-run-agent-")),
  env: {},
  scripts: [{ id: SCRIPT_ID, name: "hello", script: "echo hello from the script", runOnStart: true, timeoutSeconds: 10 }],
  apps: [],
  heartbeatIntervalMs: 60_000,
};

/** An answer of the fake server: a status and a raw body, or "down" (no answer at all). */
type Answer = { status: number; body: string; type?: string } | "down";

const json = (status: number, value: unknown): Answer => ({ status, body: JSON.stringify(value), type: "application/json" });
const ok = json(200, {});

/**
 * A stand-in for the server's fetch: each path of the agent API answers from its own script in
 * turn, then with its default. Records every call.
 */
function fakeServer(scripts: Partial<Record<string, Answer[]>>, defaults: Partial<Record<string, Answer>> = {}) {
  const calls: { path: string; body: unknown }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const apiPath = new URL(String(input)).pathname.replace("/api/v1/agent/", "");
    calls.push({ path: apiPath, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const answer = scripts[apiPath]?.shift() ?? defaults[apiPath] ?? (apiPath === "manifest" ? json(200, manifest) : ok);
    if (answer === "down") throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") });
    return new Response(answer.body, { status: answer.status, headers: { "content-type": answer.type ?? "text/html" } });
  };
  const calledWith = (apiPath: string) => calls.filter((call) => call.path === apiPath);
  const states = () => calledWith("lifecycle").map((call) => (call.body as { state: string }).state);
  return { fetch, calls, calledWith, states };
}

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function start(server: ReturnType<typeof fakeServer>, heartbeatMs?: number) {
  const shutdown = new AbortController();
  const logs: string[] = [];
  const exit = runAgent({
    settings: { serverUrl: "http://kiln.test", token: "kiln_a_secret", heartbeatMs, fetch: server.fetch },
    shutdown: shutdown.signal,
    log: (line) => logs.push(line),
  });
  return { exit, shutdown, logs };
}

describe("runAgent against a server that answers badly", () => {
  it("retries garbage, error pages and outages on every call, then runs as usual", async () => {
    const server = fakeServer({
      // The load probe's failure first: a 200 whose body is not a manifest.
      manifest: [{ status: 200, body: "null" }, { status: 200, body: '{"agentId":' }, { status: 502, body: "<h1>Bad gateway</h1>" }, { status: 404, body: "<h1>no route</h1>" }],
      connect: ["down", { status: 503, body: "" }],
      lifecycle: [json(500, { message: "internal error" })],
      logs: [{ status: 429, body: "" }],
      disconnect: [{ status: 502, body: "" }],
    });
    const agent = start(server);
    await eventually(() => server.states().includes("ready"), "the ready report");
    await eventually(() => agent.logs.some((line) => line.startsWith("connected")), "the connect");
    expect(server.calledWith("manifest")).toHaveLength(5);
    expect(server.calledWith("connect")).toHaveLength(3);
    // The refused "starting" was sent again, before "ready".
    expect(server.states()).toEqual(["starting", "starting", "ready"]);
    const stored = server.calledWith("logs").slice(1).flatMap((call) => (call.body as { logs: { output: string }[] }).logs);
    expect(stored.map((line) => line.output)).toContain("hello from the script");

    agent.shutdown.abort();
    expect(await agent.exit).toBe(0);
    expect(server.states().slice(-2)).toEqual(["shutting_down", "off"]);
    expect(server.calledWith("disconnect")).toHaveLength(2);
  });

  it("exits at once when the API says its token is unknown (401)", async () => {
    const server = fakeServer({ manifest: [json(401, { message: "invalid agent token" })] });
    const agent = start(server);
    expect(await agent.exit).toBe(1);
    expect(server.calls.map((call) => call.path)).toEqual(["manifest"]);
    expect(agent.logs.join("\n")).toContain("the server no longer knows this agent");
  });

  it("stops, without reporting, when a heartbeat says its record is gone (404)", async () => {
    let beats = 0;
    const server = fakeServer({});
    const fetch = server.fetch;
    // Two good beats, then the agent's record is deleted.
    server.fetch = async (input, init) =>
      String(input).endsWith("/heartbeat") && ++beats > 2 ? Response.json({ message: "agent not found" }, { status: 404 }) : fetch(input, init);
    const agent = start(server, 20);
    expect(await agent.exit).toBe(1);
    expect(beats).toBe(3);
    expect(server.states()).not.toContain("shutting_down");
    expect(server.calledWith("disconnect")).toHaveLength(0);
  });
});
