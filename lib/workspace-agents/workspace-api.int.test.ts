import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, setConfig } from "@/lib/config";
import { probeSandbox } from "@/lib/sandbox/probe-sandbox";
import { prepareWorkspaceSandbox } from "@/lib/sandbox/workspace-sandbox";
import type { RouteServer } from "@/lib/testing/route-server";
import { startAgentApiServer } from "@/lib/testing/agent-api-server";
import { useTestDatabase } from "@/lib/testing/test-database";
import { startAgentProcess, stopAgentProcess } from "./agent-process";
import { dialSecretFromToken } from "./dial-secret";
import { unixSocketOf } from "./schemas";
import { goneCheck } from "./testing/gone-check";
import { seedAgent, type SeededAgent } from "./testing/seed-agent";
import { DEFAULT_TIMEOUT_MS, processOutputSchema } from "./workspace-api-schemas";

// A real agent process (the bundle, run by node) serving the workspace API on its unix socket,
// called with its dial secret: real processes, real files, real pseudo-terminals.

const getDb = useTestDatabase();

let server: RouteServer;
const startedAgents = new Set<string>();

beforeAll(async () => {
  setConfig({ dataDir: mkdtempSync(path.join(os.tmpdir(), "kiln-wsapi-")), agentHeartbeatMs: 500, agentInactivityTimeoutMs: 30_000 });
  server = await startAgentApiServer();
});

afterAll(async () => {
  await Promise.all([...startedAgents].map((agentId) => stopAgentProcess({ agentId, graceMs: 3000 })));
  await server?.close();
  rmSync(config().dataDir, { recursive: true, force: true });
});

type Agent = { socketPath: string; secret: string; seeded: SeededAgent };

async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startAgent(options: { sandboxed?: boolean } = {}): Promise<Agent> {
  const seeded = await seedAgent({});
  let sandbox = null;
  if (options.sandboxed) {
    sandbox = await prepareWorkspaceSandbox({
      workspace: { id: seeded.workspaceId, name: seeded.workspaceName, ownerName: seeded.ownerName },
      home: seeded.directory,
      spec: { network: "none", limits: {} },
    });
    // As a sandboxed build records it: the agent's folder is the home as seen inside.
    await getDb().prisma.workspaceAgent.update({ where: { id: seeded.agentId }, data: { directory: sandbox.homeInside } });
  }
  startedAgents.add(seeded.agentId);
  await startAgentProcess({ agentId: seeded.agentId, token: seeded.token, directory: seeded.directory, serverUrl: server.url, sandbox });
  const address = await eventually("the agent's address", async () => (await getDb().prisma.workspaceAgent.findUniqueOrThrow({ where: { id: seeded.agentId } })).address);
  return { socketPath: unixSocketOf(address)!, secret: dialSecretFromToken(seeded.token), seeded };
}

type Answer = { status: number; body: unknown };

function call(agent: Agent, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const request = http.request(
      {
        socketPath: agent.socketPath,
        path: url,
        method,
        headers: {
          authorization: `Bearer ${agent.secret}`,
          ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) }),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : null });
        });
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

type StreamEvent = { id?: string; event: string; data: Record<string, unknown> };

/** An open SSE stream of a terminal: its events so far, the output text, and a way to drop it. */
function openStream(agent: Agent, terminalId: string, lastEventId?: string) {
  const events: StreamEvent[] = [];
  let request: http.ClientRequest;
  const ended = new Promise<void>((resolve, reject) => {
    request = http.get(
      {
        socketPath: agent.socketPath,
        path: `/terminals/${terminalId}/stream`,
        headers: { authorization: `Bearer ${agent.secret}`, ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
      },
      (response) => {
        expect(response.headers["content-type"]).toMatch(/^text\/event-stream/);
        let buffer = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          buffer += chunk;
          for (let index = buffer.indexOf("\n\n"); index >= 0; index = buffer.indexOf("\n\n")) {
            const block = buffer.slice(0, index);
            buffer = buffer.slice(index + 2);
            const event: StreamEvent = { event: "message", data: {} };
            for (const line of block.split("\n")) {
              if (line.startsWith("id: ")) event.id = line.slice(4);
              else if (line.startsWith("event: ")) event.event = line.slice(7);
              else if (line.startsWith("data: ")) event.data = JSON.parse(line.slice(6)) as Record<string, unknown>;
            }
            if (!block.startsWith(":")) events.push(event);
          }
        });
        response.on("end", resolve);
        response.on("error", () => resolve());
      },
    );
    request.on("error", reject);
  });
  const raw = () => events.flatMap((event) => (event.event === "output" ? [String(event.data.data)] : [])).join("");
  return {
    events,
    raw,
    /** Output without escape sequences and CRs. */
    text: () => raw().replace(/\x1b\[[?0-9;]*[A-Za-z]/g, "").replaceAll("\r", ""),
    lastId: () => events.filter((event) => event.id !== undefined).at(-1)?.id,
    drop: () => request.destroy(),
    ended,
  };
}

const processOutput = (answer: Answer) => processOutputSchema.parse(answer.body);

describe("workspace API of a real agent", () => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await startAgent();
  }, 60_000);

  it("refuses requests without the dial secret", async () => {
    expect((await call({ ...agent, secret: "wrong" }, "GET", "/processes")).status).toBe(401);
    expect((await call(agent, "GET", "/nowhere")).status).toBe(404);
  });

  it("runs a command: exit code, stdout and stderr in arrival order", async () => {
    const answer = await call(agent, "POST", "/processes", { command: "echo out-1; sleep 0.1; echo err-1 >&2; sleep 0.1; echo out-2; exit 7" });
    expect(answer.status).toBe(201);
    expect(processOutput(answer)).toMatchObject({ status: "exited", exitCode: 7, output: "out-1\nerr-1\nout-2\n", truncated: false });
    const list = await call(agent, "GET", "/processes");
    expect(list.body).toMatchObject({ processes: [expect.objectContaining({ status: "exited", exitCode: 7, command: expect.stringContaining("out-1") })] });
  });

  it("answers running past timeoutMs, and the output waits for the exit", async () => {
    // The command waits for a file the test makes (in the same folder): it is running when timeoutMs
    // passes however slowly a loaded machine starts it, and its output so far is read while it runs.
    const startedAt = Date.now();
    const started = processOutput(await call(agent, "POST", "/processes", { command: "echo begun; while [ ! -e gate-api ]; do sleep 0.02; done; echo finished", timeoutMs: 200 }));
    expect(started).toMatchObject({ status: "running", exitCode: null });
    expect(Date.now() - startedAt).toBeLessThan(DEFAULT_TIMEOUT_MS / 2);
    const soFar = async () => processOutput(await call(agent, "GET", `/processes/${started.id}/output`));
    await expect.poll(soFar, { timeout: 10_000 }).toMatchObject({ status: "running", output: "begun\n" });
    await call(agent, "POST", "/processes", { command: "touch gate-api" });
    const later = processOutput(await call(agent, "GET", `/processes/${started.id}/output?wait=1&timeoutMs=10000`));
    expect(later).toMatchObject({ status: "exited", exitCode: 0, output: "begun\nfinished\n" });
  });

  it("terminate and kill reach a child of the command", async () => {
    for (const signal of ["terminate", "kill"]) {
      const started = processOutput(await call(agent, "POST", "/processes", { command: "sleep 60 & echo child=$!; wait", background: true }));
      // A background start answers at once: the child's pid comes when the shell has printed it.
      const soFar = async () => processOutput(await call(agent, "GET", `/processes/${started.id}/output`)).output;
      await expect.poll(soFar, { timeout: 10_000 }).toMatch(/child=\d+/);
      const child = /child=(\d+)/.exec(await soFar())![1]!;
      expect((await call(agent, "POST", `/processes/${started.id}/signal`, { signal })).status).toBe(200);
      const ended = processOutput(await call(agent, "GET", `/processes/${started.id}/output?wait=1&timeoutMs=5000`));
      expect(ended).toMatchObject({ status: "exited", signal: signal === "kill" ? "SIGKILL" : "SIGTERM" });
      // The child is gone (or a zombie of init): checked from inside, with the agent's own view of pids.
      const check = processOutput(await call(agent, "POST", "/processes", { command: goneCheck(child) }));
      expect(check.output).toBe("gone\n");
    }
  });

  it("runs a retried start with the same id once, and refuses the id for another command", async () => {
    const body = { id: "retry-1", command: "echo ran >> retried.txt; sleep 0.3" };
    const answers = await Promise.all([call(agent, "POST", "/processes", body), call(agent, "POST", "/processes", body)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
    const file = await call(agent, "GET", "/files?path=retried.txt");
    expect(file.body).toMatchObject({ content: "ran\n", totalLines: 1 });
    const conflict = await call(agent, "POST", "/processes", { id: "retry-1", command: "echo else" });
    expect(conflict).toMatchObject({ status: 409, body: { message: expect.stringContaining("another command") } });
  });

  it("keeps the head and tail of `seq 1 200000` with the marker", async () => {
    const result = processOutput(await call(agent, "POST", "/processes", { command: "seq 1 200000" }));
    expect(result).toMatchObject({ status: "exited", exitCode: 0, truncated: true });
    const lines = result.output.trimEnd().split("\n");
    expect(lines.slice(0, 2)).toEqual(["1", "2"]);
    expect(lines.at(-1)).toBe("200000");
    expect(lines.filter((line) => /^\.\.\. \[\d+ lines \(\d+ bytes\) omitted\] \.\.\.$/.test(line))).toHaveLength(1);
    expect(Buffer.byteLength(result.output)).toBeLessThan(33 * 1024);
  });

  it("writes, reads, edits and reads a file; a failed edit changes nothing and says which", async () => {
    const written = await call(agent, "PUT", "/files?path=src/app.txt", { content: "one\ntwo\nthree\ntwo\n" });
    expect(written).toMatchObject({ status: 200, body: { bytes: 18, path: expect.stringMatching(/\/src\/app\.txt$/) } });
    expect((await call(agent, "GET", "/files?path=src/app.txt&offset=2&limit=2")).body).toMatchObject({ type: "file", content: "two\nthree\n", totalLines: 4, truncated: true });
    const missing = await call(agent, "POST", "/files/edit", { path: "src/app.txt", edits: [{ oldText: "one", newText: "1" }, { oldText: "nine", newText: "9" }] });
    expect(missing).toEqual({ status: 400, body: { message: "edit 2 of 2: oldText not found" } });
    const ambiguous = await call(agent, "POST", "/files/edit", { path: "src/app.txt", edits: [{ oldText: "two", newText: "2" }] });
    expect(ambiguous.status).toBe(400);
    expect((ambiguous.body as { message: string }).message).toMatch(/^edit 1 of 1: oldText found 2 times/);
    expect((await call(agent, "GET", "/files?path=src/app.txt")).body).toMatchObject({ content: "one\ntwo\nthree\ntwo\n" });
    const edited = await call(agent, "POST", "/files/edit", { path: "src/app.txt", edits: [{ oldText: "one", newText: "1" }, { oldText: "two", newText: "2", replaceAll: true }] });
    expect(edited.status).toBe(200);
    expect((edited.body as { diff: string }).diff).toContain("-one\n-two\n+1\n+2\n three\n-two\n+2\n");
    expect((await call(agent, "GET", "/files?path=src/app.txt")).body).toMatchObject({ content: "1\n2\nthree\n2\n", totalLines: 4, truncated: false });
  });

  it("lists a folder, and answers bad input with 4xx", async () => {
    await call(agent, "PUT", "/files?path=listing/a.txt", { content: "abc" });
    await call(agent, "PUT", "/files?path=listing/sub/b.txt", { content: "" });
    const listing = await call(agent, "GET", "/files?path=listing");
    expect(listing.body).toMatchObject({ type: "directory", entries: [{ name: "a.txt", type: "file", size: 3 }, { name: "sub", type: "directory" }] });
    await call(agent, "POST", "/processes", { command: "head -c 100 /dev/zero > zeros.bin; head -c 1048577 /dev/zero | tr '\\0' a > big.txt" });
    expect((await call(agent, "GET", "/files?path=zeros.bin")).status).toBe(415);
    expect((await call(agent, "GET", "/files?path=big.txt")).status).toBe(413);
    expect((await call(agent, "GET", "/files?path=nothing-here")).status).toBe(404);
    expect((await call(agent, "GET", "/processes/nope/output")).status).toBe(404);
    expect((await call(agent, "POST", "/processes", "{not json")).status).toBe(400);
    expect((await call(agent, "POST", "/processes", { command: "echo a\u0000b" })).status).toBe(400);
    expect((await call(agent, "POST", "/processes", '{"command": "echo \\ud800"}')).status).toBe(400);
    expect((await call(agent, "POST", "/processes", { command: "true" }, { "content-type": "text/plain" })).status).toBe(415);
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect((await call(agent, "POST", "/processes", deep)).status).toBe(400);
    expect((await call(agent, "POST", "/processes", `{"command": "${"x".repeat(9 * 1024 * 1024)}"}`)).status).toBe(413);
  });

  it("terminal: output, resume after a drop with exactly what came since, input in seq order, resize, exit code", async () => {
    const opened = await call(agent, "POST", "/terminals", { cols: 80, rows: 24, id: "term-1", command: "exec bash --norc --noprofile" });
    expect(opened).toEqual({ status: 201, body: { id: "term-1", nextSeq: 0 } });
    const first = openStream(agent, "term-1");
    expect(await call(agent, "POST", "/terminals/term-1/input", { seq: 0, data: "echo $((6*7))\r" })).toEqual({ status: 200, body: { nextSeq: 1 } });
    await eventually("42", async () => /\n42\n/.test(first.text()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    first.drop();
    await first.ended;
    const cut = first.lastId()!;

    // While nobody watches: out of order and repeated.
    expect((await call(agent, "POST", "/terminals/term-1/input", { seq: 2, data: "echo second-$((1+1))\r" })).body).toEqual({ nextSeq: 1 });
    expect((await call(agent, "POST", "/terminals/term-1/input", { seq: 1, data: "echo first-$((0+1))\r" })).body).toEqual({ nextSeq: 3 });
    expect((await call(agent, "POST", "/terminals/term-1/input", { seq: 1, data: "echo first-$((0+1))\r" })).body).toEqual({ nextSeq: 3 });
    expect((await call(agent, "POST", "/terminals/term-1/input", { seq: 2, data: "echo second-$((1+1))\r" })).body).toEqual({ nextSeq: 3 });
    expect((await call(agent, "POST", "/terminals/term-1/resize", { cols: 120, rows: 40 })).status).toBe(204);
    await call(agent, "POST", "/terminals/term-1/input", { seq: 3, data: "stty size\r" });
    // Re-attaching by id keeps the terminal and says where input goes on.
    expect(await call(agent, "POST", "/terminals", { cols: 80, rows: 24, id: "term-1" })).toEqual({ status: 200, body: { id: "term-1", nextSeq: 4 } });

    const resumed = openStream(agent, "term-1", cut);
    await eventually("stty size", async () => /\n40 120\n/.test(resumed.text()));
    const text = resumed.text();
    expect(text).not.toContain("42");
    expect(text.match(/\nfirst-1\n/g)).toHaveLength(1);
    expect(text.match(/\nsecond-2\n/g)).toHaveLength(1);
    expect(text.indexOf("\nfirst-1\n")).toBeLessThan(text.indexOf("\nsecond-2\n"));

    await call(agent, "POST", "/terminals/term-1/input", { seq: 4, data: "exit 3\r" });
    await resumed.ended;
    expect(resumed.events.at(-1)).toEqual({ event: "exit", data: { exitCode: 3 } });

    // Nothing lost or repeated: the two viewers' output is the whole output.
    const whole = openStream(agent, "term-1");
    await whole.ended;
    expect(first.raw() + resumed.raw()).toBe(whole.raw());
    expect(whole.events.at(-1)).toEqual({ event: "exit", data: { exitCode: 3 } });

    expect((await call(agent, "DELETE", "/terminals/term-1")).status).toBe(204);
    expect((await call(agent, "POST", "/terminals/term-1/input", { seq: 5, data: "x" })).status).toBe(404);
  }, 30_000);
});

describe.runIf((await probeSandbox()).ok)("workspace API of a sandboxed agent", () => {
  it("opens a terminal inside the sandbox", async () => {
    const agent = await startAgent({ sandboxed: true });
    const opened = await call(agent, "POST", "/terminals", { cols: 80, rows: 24 });
    expect(opened.status).toBe(201);
    const id = (opened.body as { id: string }).id;
    const stream = openStream(agent, id);
    await call(agent, "POST", `/terminals/${id}/input`, { seq: 0, data: "echo $((6*7)) $(whoami) $HOME\r" });
    await eventually("42", async () => /\n42 \S+ \/home\/\S+\n/.test(stream.text()));
    stream.drop();
  }, 60_000);
});
