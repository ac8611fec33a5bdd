import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as filesEditRoute from "@/app/api/v1/workspaceagents/[agentId]/files/edit/route";
import * as filesRoute from "@/app/api/v1/workspaceagents/[agentId]/files/route";
import * as outputRoute from "@/app/api/v1/workspaceagents/[agentId]/processes/[id]/output/route";
import * as signalRoute from "@/app/api/v1/workspaceagents/[agentId]/processes/[id]/signal/route";
import * as processesRoute from "@/app/api/v1/workspaceagents/[agentId]/processes/route";
import * as inputRoute from "@/app/api/v1/workspaceagents/[agentId]/terminals/[id]/input/route";
import * as resizeRoute from "@/app/api/v1/workspaceagents/[agentId]/terminals/[id]/resize/route";
import * as terminalRoute from "@/app/api/v1/workspaceagents/[agentId]/terminals/[id]/route";
import * as streamRoute from "@/app/api/v1/workspaceagents/[agentId]/terminals/[id]/stream/route";
import * as terminalsRoute from "@/app/api/v1/workspaceagents/[agentId]/terminals/route";
import { createSession } from "@/lib/auth/create-session";
import { cachedActor } from "@/lib/auth/cached-actor";
import { createApiToken } from "@/lib/auth/create-api-token";
import { deleteSession } from "@/lib/auth/delete-session";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import { updateUser } from "@/lib/users/update-user";
import { config, setConfig } from "@/lib/config";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { readSse, type ReceivedEvent } from "@/lib/testing/read-sse";
import type { RouteServer } from "@/lib/testing/route-server";
import { startAgentApiServer } from "@/lib/testing/agent-api-server";
import { useTestDatabase } from "@/lib/testing/test-database";
import { startAgentProcess, stopAgentProcess } from "./agent-process";
import { goneCheck } from "./testing/gone-check";
import { seedAgent, type SeededAgent } from "./testing/seed-agent";
import { DEFAULT_TIMEOUT_MS, MAX_FILE_BYTES, MAX_FILE_REQUEST_BYTES, processOutputSchema } from "./workspace-api-schemas";

// The workspace API through the server's routes (docs/api.md, "Inside a workspace"): a real
// agent process on its unix socket, the relay dialling it with the dial secret, the user's session.

const getDb = useTestDatabase();

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Method = "GET" | "POST" | "PUT" | "DELETE";

/** Every relay route: its path under the agent, and its module. */
const relayRoutes: [RegExp, Partial<Record<Method, Handler>>][] = [
  [/^\/processes$/, processesRoute],
  [/^\/processes\/(?<id>[^/?]+)\/output$/, outputRoute],
  [/^\/processes\/(?<id>[^/?]+)\/signal$/, signalRoute],
  [/^\/files$/, filesRoute],
  [/^\/files\/edit$/, filesEditRoute],
  [/^\/terminals$/, terminalsRoute],
  [/^\/terminals\/(?<id>[^/?]+)$/, terminalRoute],
  [/^\/terminals\/(?<id>[^/?]+)\/stream$/, streamRoute],
  [/^\/terminals\/(?<id>[^/?]+)\/input$/, inputRoute],
  [/^\/terminals\/(?<id>[^/?]+)\/resize$/, resizeRoute],
];

let server: RouteServer;
const startedAgents = new Set<string>();

beforeAll(async () => {
  setConfig({ dataDir: mkdtempSync(path.join(os.tmpdir(), "kiln-relay-")), agentHeartbeatMs: 500, agentInactivityTimeoutMs: 30_000 });
  server = await startAgentApiServer();
});

afterAll(async () => {
  await Promise.all([...startedAgents].map((agentId) => stopAgentProcess({ agentId, graceMs: 3000 })));
  await server?.close();
  rmSync(config().dataDir, { recursive: true, force: true });
});

async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Agent = { seeded: SeededAgent; session: string };

async function startAgent(): Promise<Agent> {
  const seeded = await seedAgent({});
  startedAgents.add(seeded.agentId);
  await startAgentProcess({ agentId: seeded.agentId, token: seeded.token, directory: seeded.directory, serverUrl: server.url, sandbox: null });
  await eventually("the agent's connection", async () => (await getDb().prisma.workspaceAgent.findUniqueOrThrow({ where: { id: seeded.agentId } })).address);
  const { ownerId } = await getDb().prisma.workspace.findUniqueOrThrow({ where: { id: seeded.workspaceId } });
  return { seeded, session: (await createSession({ userId: ownerId })).secret };
}

type CallOptions = { body?: unknown; auth?: { session: string } | { token: string } | null; headers?: Record<string, string>; signal?: AbortSignal };

/** Calls the relay route for `method` + the agent's own path, the way Next.js would. */
function request(agent: Agent, method: Method, agentPath: string, options: CallOptions = {}): Promise<Response> {
  const [pathname = "", search = ""] = agentPath.split("?");
  const match = relayRoutes.find(([pattern]) => pattern.test(pathname));
  const handler = match?.[1][method];
  if (!match || !handler) throw new Error(`no route for ${method} ${pathname}`);
  const headers = new Headers({ host: "kiln.test", ...options.headers });
  const auth = options.auth === undefined ? { session: agent.session } : options.auth;
  if (auth && "session" in auth) headers.set("cookie", `kiln_session=${auth.session}`);
  if (auth && "token" in auth) headers.set("authorization", `Bearer ${auth.token}`);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const url = `http://kiln.test/api/v1/workspaceagents/${agent.seeded.agentId}${pathname}${search ? `?${search}` : ""}`;
  const req = new Request(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: options.signal });
  const params = { agentId: agent.seeded.agentId, ...pathname.match(match[0])!.groups };
  return handler(req, { params: Promise.resolve(params) });
}

type Answer = { status: number; body: unknown };

async function call(agent: Agent, method: Method, agentPath: string, options: CallOptions = {}): Promise<Answer> {
  const response = await request(agent, method, agentPath, options);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const processOutput = (answer: Answer) => processOutputSchema.parse(answer.body);

/** A terminal stream through the relay: its events, the output text, and a way to drop it. */
function openStream(agent: Agent, terminalId: string, lastEventId?: string, via: "header" | "query" = "header") {
  const events: ReceivedEvent[] = [];
  const abort = new AbortController();
  const query = lastEventId && via === "query" ? `?lastEventId=${lastEventId}` : "";
  const headers: Record<string, string> = lastEventId && via === "header" ? { "last-event-id": lastEventId } : {};
  const ended = request(agent, "GET", `/terminals/${terminalId}/stream${query}`, { headers, signal: abort.signal }).then(async (response) => {
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await readSse(response, (event) => events.push(event)).catch(() => {});
  });
  const raw = () => events.flatMap((event) => (event.event === "output" ? [String((event.data as { data: string }).data)] : [])).join("");
  return {
    events,
    raw,
    text: () => raw().replace(/\x1b\[[?0-9;]*[A-Za-z]/g, "").replaceAll("\r", ""),
    lastId: () => events.filter((event) => event.id !== undefined).at(-1)?.id,
    drop: () => abort.abort(),
    ended,
  };
}

describe("the workspace API relayed by the server", () => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await startAgent();
  }, 60_000);

  it("runs a command: exit code, stdout and stderr interleaved in arrival order", async () => {
    const answer = await call(agent, "POST", "/processes", { body: { command: "echo out-1; sleep 0.1; echo err-1 >&2; sleep 0.1; echo out-2; exit 7" } });
    expect(answer.status).toBe(201);
    expect(processOutput(answer)).toMatchObject({ status: "exited", exitCode: 7, output: "out-1\nerr-1\nout-2\n" });
    expect((await call(agent, "GET", "/processes")).body).toMatchObject({ processes: [expect.objectContaining({ exitCode: 7 })] });
  });

  it("answers running past timeoutMs, and output?wait=1 waits for the end", async () => {
    // The command waits for a file the test makes (in the same folder): it is running when timeoutMs
    // passes however slowly a loaded machine starts it, and its output so far is read while it runs.
    const startedAt = Date.now();
    const started = processOutput(await call(agent, "POST", "/processes", { body: { command: "echo begun; while [ ! -e gate-relay ]; do sleep 0.02; done; echo finished", timeoutMs: 200 } }));
    expect(started).toMatchObject({ status: "running", exitCode: null });
    expect(Date.now() - startedAt).toBeLessThan(DEFAULT_TIMEOUT_MS / 2);
    const soFar = async () => processOutput(await call(agent, "GET", `/processes/${started.id}/output`));
    await expect.poll(soFar, { timeout: 10_000 }).toMatchObject({ status: "running", output: "begun\n" });
    await call(agent, "POST", "/processes", { body: { command: "touch gate-relay" } });
    const later = processOutput(await call(agent, "GET", `/processes/${started.id}/output?wait=1&timeoutMs=10000`));
    expect(later).toMatchObject({ status: "exited", exitCode: 0, output: "begun\nfinished\n" });
  });

  it("terminate and kill reach a child of the command", async () => {
    for (const signal of ["terminate", "kill"]) {
      const started = processOutput(await call(agent, "POST", "/processes", { body: { command: "sleep 60 & echo child=$!; wait", background: true } }));
      // A background start answers at once: the child's pid comes when the shell has printed it.
      const soFar = async () => processOutput(await call(agent, "GET", `/processes/${started.id}/output`)).output;
      await expect.poll(soFar, { timeout: 10_000 }).toMatch(/child=\d+/);
      const child = /child=(\d+)/.exec(await soFar())![1]!;
      expect((await call(agent, "POST", `/processes/${started.id}/signal`, { body: { signal } })).status).toBe(200);
      const ended = processOutput(await call(agent, "GET", `/processes/${started.id}/output?wait=1&timeoutMs=5000`));
      expect(ended).toMatchObject({ status: "exited", signal: signal === "kill" ? "SIGKILL" : "SIGTERM" });
      const check = processOutput(await call(agent, "POST", "/processes", { body: { command: goneCheck(child) } }));
      expect(check.output).toBe("gone\n");
    }
  });

  it("runs a retried start with the same id once", async () => {
    const body = { id: "retry-1", command: "echo ran >> retried.txt; sleep 0.3" };
    const answers = await Promise.all([call(agent, "POST", "/processes", { body }), call(agent, "POST", "/processes", { body })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
    expect((await call(agent, "GET", "/files?path=retried.txt")).body).toMatchObject({ content: "ran\n", totalLines: 1 });
  });

  it("brings back `seq 1 200000` truncated with the marker", async () => {
    const result = processOutput(await call(agent, "POST", "/processes", { body: { command: "seq 1 200000" } }));
    expect(result).toMatchObject({ status: "exited", exitCode: 0, truncated: true });
    const lines = result.output.trimEnd().split("\n");
    expect(lines[0]).toBe("1");
    expect(lines.at(-1)).toBe("200000");
    expect(lines.filter((line) => /^\.\.\. \[\d+ lines \(\d+ bytes\) omitted\] \.\.\.$/.test(line))).toHaveLength(1);
  });

  it("writes, reads, edits and reads; a missing or ambiguous oldText changes nothing and says which; lists a folder", async () => {
    expect((await call(agent, "PUT", "/files?path=src/app.txt", { body: { content: "one\ntwo\nthree\ntwo\n" } })).body).toMatchObject({ bytes: 18 });
    expect((await call(agent, "GET", "/files?path=src/app.txt&offset=2&limit=2")).body).toMatchObject({ content: "two\nthree\n", totalLines: 4, truncated: true });
    const missing = await call(agent, "POST", "/files/edit", { body: { path: "src/app.txt", edits: [{ oldText: "one", newText: "1" }, { oldText: "nine", newText: "9" }] } });
    expect(missing).toEqual({ status: 400, body: { message: "edit 2 of 2: oldText not found" } });
    const ambiguous = await call(agent, "POST", "/files/edit", { body: { path: "src/app.txt", edits: [{ oldText: "two", newText: "2" }] } });
    expect(ambiguous.status).toBe(400);
    expect((ambiguous.body as { message: string }).message).toMatch(/^edit 1 of 1: oldText found 2 times/);
    expect((await call(agent, "GET", "/files?path=src/app.txt")).body).toMatchObject({ content: "one\ntwo\nthree\ntwo\n" });
    const edited = await call(agent, "POST", "/files/edit", { body: { path: "src/app.txt", edits: [{ oldText: "one", newText: "1" }, { oldText: "two", newText: "2", replaceAll: true }] } });
    expect((edited.body as { diff: string }).diff).toContain("-one\n-two\n+1\n+2\n three\n-two\n+2\n");
    expect((await call(agent, "GET", "/files?path=src/app.txt")).body).toMatchObject({ content: "1\n2\nthree\n2\n" });
    expect((await call(agent, "GET", "/files?path=src")).body).toMatchObject({ type: "directory", entries: [{ name: "app.txt", type: "file", size: 12 }] });
    // The agent's own 4xx come through as they are; bad input stops at the server.
    expect((await call(agent, "GET", "/files?path=nothing-here")).status).toBe(404);
    expect((await call(agent, "POST", "/processes", { body: { command: "echo a\u0000b" } })).status).toBe(400);
    expect((await call(agent, "POST", "/processes/bad id!/signal", { body: { signal: "kill" } })).status).toBe(400);
  });

  it("terminal: 42, resume after a drop with exactly the output since the cut, seq order, resize, exit code", async () => {
    const opened = await call(agent, "POST", "/terminals", { body: { cols: 80, rows: 24, id: "term-1", command: "exec bash --norc --noprofile" } });
    expect(opened).toEqual({ status: 201, body: { id: "term-1", nextSeq: 0 } });
    const first = openStream(agent, "term-1");
    expect(await call(agent, "POST", "/terminals/term-1/input", { body: { seq: 0, data: "echo $((6*7))\r" } })).toEqual({ status: 200, body: { nextSeq: 1 } });
    await eventually("42", async () => /\n42\n/.test(first.text()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    first.drop();
    await first.ended;
    const cut = first.lastId()!;

    expect((await call(agent, "POST", "/terminals/term-1/input", { body: { seq: 2, data: "echo second-$((1+1))\r" } })).body).toEqual({ nextSeq: 1 });
    expect((await call(agent, "POST", "/terminals/term-1/input", { body: { seq: 1, data: "echo first-$((0+1))\r" } })).body).toEqual({ nextSeq: 3 });
    expect((await call(agent, "POST", "/terminals/term-1/input", { body: { seq: 1, data: "echo first-$((0+1))\r" } })).body).toEqual({ nextSeq: 3 });
    expect((await call(agent, "POST", "/terminals/term-1/resize", { body: { cols: 120, rows: 40 } })).status).toBe(204);
    await call(agent, "POST", "/terminals/term-1/input", { body: { seq: 3, data: "stty size\r" } });
    expect(await call(agent, "POST", "/terminals", { body: { cols: 80, rows: 24, id: "term-1" } })).toEqual({ status: 200, body: { id: "term-1", nextSeq: 4 } });

    // EventSource's first try can only carry the id in the query; a reconnect sends the header.
    const resumed = openStream(agent, "term-1", cut, "query");
    await eventually("stty size", async () => /\n40 120\n/.test(resumed.text()));
    const text = resumed.text();
    expect(text).not.toContain("42");
    expect(text.match(/\nfirst-1\n/g)).toHaveLength(1);
    expect(text.match(/\nsecond-2\n/g)).toHaveLength(1);
    expect(text.indexOf("\nfirst-1\n")).toBeLessThan(text.indexOf("\nsecond-2\n"));

    await call(agent, "POST", "/terminals/term-1/input", { body: { seq: 4, data: "exit 3\r" } });
    await resumed.ended;
    expect(resumed.events.at(-1)).toMatchObject({ event: "exit", data: { exitCode: 3 } });
    const whole = openStream(agent, "term-1");
    await whole.ended;
    expect(first.raw() + resumed.raw()).toBe(whole.raw());
    expect((await call(agent, "DELETE", "/terminals/term-1")).status).toBe(204);
  }, 30_000);

  it("writes a 1 MiB file whose JSON is larger than the server's usual body limit, and refuses a byte more", async () => {
    // Quotes and backslashes double in JSON: 2 MiB of body for 1 MiB of content.
    const content = '"\\'.repeat(MAX_FILE_BYTES / 2);
    expect(JSON.stringify({ content }).length).toBeGreaterThan(config().maxBodyBytes);
    expect(await call(agent, "PUT", "/files?path=big/quotes.txt", { body: { content } })).toMatchObject({ status: 200, body: { bytes: MAX_FILE_BYTES } });
    // Control characters take six bytes each as JSON (\u0001): the largest body a 1 MiB file can need.
    const control = "\u0001".repeat(MAX_FILE_BYTES);
    expect(await call(agent, "PUT", "/files?path=big/control.txt", { body: { content: control } })).toMatchObject({ status: 200, body: { bytes: MAX_FILE_BYTES } });

    const over = await call(agent, "PUT", "/files?path=big/over.txt", { body: { content: `${content}x` } });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ validations: [{ field: "content" }] });
    // Multi-byte characters: within the character limit, over 1 MiB of bytes; the agent says so.
    const wide = await call(agent, "PUT", "/files?path=big/wide.txt", { body: { content: "é".repeat(MAX_FILE_BYTES / 2 + 1) } });
    expect(wide.status).toBe(413);
    expect((wide.body as { message: string }).message).toMatch(/larger than 1 MiB/);
    const huge = await request(agent, "PUT", "/files?path=big/huge.txt", { body: { content: "\u0001".repeat(MAX_FILE_REQUEST_BYTES / 6 + 1) } });
    expect(huge.status).toBe(413);
    expect((await call(agent, "GET", "/files?path=big")).body).toMatchObject({ entries: [{ name: "control.txt" }, { name: "quotes.txt" }] });
  }, 60_000);

  it("keeps a quiet terminal stream open past the kept-alive connections' idle time", async () => {
    await call(agent, "POST", "/terminals", { body: { cols: 80, rows: 24, id: "quiet", command: "exec cat" } });
    const stream = openStream(agent, "quiet");
    // Longer than IDLE_SOCKET_MS (4 s) without a byte, shorter than the agent's 15 s keepalive comment.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect((await call(agent, "POST", "/terminals/quiet/input", { body: { seq: 0, data: "still-here\r" } })).status).toBe(200);
    await eventually("the echo after the quiet", async () => stream.text().includes("still-here"));
    stream.drop();
    await call(agent, "DELETE", "/terminals/quiet");
  }, 30_000);

  it("stops a signed-out session and a suspended user's token at once, though their lookups are kept", async () => {
    const own = await startAgent();
    const opened = await call(own, "POST", "/terminals", { body: { cols: 80, rows: 24, id: "t-auth", command: "exec cat" } });
    expect(opened.status).toBe(201);
    const typed = (seq: number, auth?: CallOptions["auth"]) => call(own, "POST", "/terminals/t-auth/input", { body: { seq, data: "x" }, auth });
    expect((await typed(0)).status).toBe(200);
    expect((await typed(1)).status).toBe(200);
    await deleteSession({ secret: own.session });
    expect((await typed(2)).status).toBe(401);

    const { ownerId } = await getDb().prisma.workspace.findUniqueOrThrow({ where: { id: own.seeded.workspaceId } });
    const second = (await createSession({ userId: ownerId })).secret;
    const { token } = await createApiToken({ actor: (await cachedActor({ secret: second, now: new Date() }))!, name: "script" });
    expect((await typed(2, { token })).status).toBe(200);
    expect((await typed(3, { session: second })).status).toBe(200);
    const { actor: admin } = await seedUserWithTemplate({ spec: { name: "admin-template" }, role: "admin" });
    await updateUser({ userId: ownerId, input: { status: "suspended" }, actor: admin });
    expect((await typed(4, { token })).status).toBe(401);
    expect((await typed(4, { session: second })).status).toBe(401);
  }, 60_000);

  it("answers 404 on every route for another user's agent, 401 with an agent token or none", async () => {
    const { actor: other } = await seedUserWithTemplate({ spec: { name: "another-users-template" } });
    const otherSession = (await createSession({ userId: other.id })).secret;
    const calls: [Method, string, unknown?][] = [
      ["GET", "/processes"],
      ["POST", "/processes", { command: "touch should-not-exist" }],
      ["GET", "/processes/p1/output"],
      ["POST", "/processes/p1/signal", { signal: "kill" }],
      ["GET", "/files?path=."],
      ["PUT", "/files?path=x.txt", { content: "x" }],
      ["POST", "/files/edit", { path: "x.txt", edits: [{ oldText: "a", newText: "b" }] }],
      ["POST", "/terminals", { cols: 80, rows: 24 }],
      ["GET", "/terminals/t1/stream"],
      ["POST", "/terminals/t1/input", { seq: 0, data: "x" }],
      ["POST", "/terminals/t1/resize", { cols: 80, rows: 24 }],
      ["DELETE", "/terminals/t1"],
    ];
    for (const [method, agentPath, body] of calls) {
      expect([method, agentPath, (await call(agent, method, agentPath, { body, auth: { session: otherSession } })).status]).toEqual([method, agentPath, 404]);
      expect([method, agentPath, (await call(agent, method, agentPath, { body, auth: { token: agent.seeded.token } })).status]).toEqual([method, agentPath, 401]);
      expect([method, agentPath, (await call(agent, method, agentPath, { body, auth: null })).status]).toEqual([method, agentPath, 401]);
    }
    expect((await call(agent, "GET", "/files?path=should-not-exist")).status).toBe(404);
  });

  it("answers 404 for a deleted workspace's agent and 409 for one that is not connected", async () => {
    const second = await startAgent();
    await getDb().prisma.workspaceAgent.update({ where: { id: second.seeded.agentId }, data: { disconnectedAt: new Date(Date.now() + 60_000) } });
    expect(await call(second, "GET", "/processes")).toEqual({ status: 409, body: { message: "workspace agent is not connected (status: disconnected)" } });
    await getDb().prisma.workspace.update({ where: { id: second.seeded.workspaceId }, data: { deleted: true } });
    expect((await call(second, "GET", "/processes")).status).toBe(404);
  }, 60_000);

  it("maps the agent's own 401 and an unreachable socket to 502", async () => {
    const third = await startAgent();
    // A listener that refuses the dial secret, as an agent with another token would (changing the
    // real agent's token would also end its own connection).
    const socketPath = path.join(config().dataDir, "refusing.sock");
    const refusing = http.createServer((_request, response) => response.writeHead(401, { "content-type": "application/json" }).end('{"message":"unauthorized"}'));
    await new Promise<void>((resolve) => refusing.listen(socketPath, resolve));
    try {
      await getDb().prisma.workspaceAgent.update({ where: { id: third.seeded.agentId }, data: { address: `unix:${socketPath}` } });
      // As connect-agent does after an address change: replicas' lookups are dropped.
      await publishAccessChange([accessTags.agent(third.seeded.agentId)]);
      const refused = await call(third, "GET", "/processes");
      expect(refused.status).toBe(502);
      expect((refused.body as { message: string }).message).toMatch(/dial secret/);
    } finally {
      refusing.close();
    }
    await getDb().prisma.workspaceAgent.update({ where: { id: third.seeded.agentId }, data: { address: `unix:${path.join(config().dataDir, "nowhere", "agent.sock")}` } });
    await publishAccessChange([accessTags.agent(third.seeded.agentId)]);
    const unreachable = await call(third, "GET", "/processes");
    expect(unreachable.status).toBe(502);
    expect((unreachable.body as { message: string }).message).toMatch(/^could not reach the workspace agent/);
  }, 60_000);
});
