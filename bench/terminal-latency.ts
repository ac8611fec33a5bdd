// Benchmark: the workspace terminal through the server's relay (issue 12).
//   1. keystroke → echo latency, idle: one character per input request, timed from the request to
//      the SSE event that carries its echo. Goal: p99 ≤ 30 ms.
//   2. the same with 10 other terminals printing `yes | head -c 50000000` in a loop at full
//      speed, each read by its own stream through the relay. Goal: p99 ≤ 100 ms.
//   3. throughput of `cat` of a 50 MB text file through a terminal stream, and through a process
//      (POST /processes, which keeps head and tail of the output but reads all of it).
// Not a test; run by hand:
//   node --conditions=react-server --import tsx bench/terminal-latency.ts [keystrokes=200]
// Measured 2026-12-02 on the shared 2-core machine, old code (d17dfad) and new back to back, load
// average 9.5-12.9 (other engineers' runs), 200 keystrokes:
//   old: idle echo p50 27.9 ms / p99 243.6 ms; with 10 flooders p50 217.5 / p99 506.5 ms.
//   new: idle echo p50 3.3 ms / p99 17.9 ms; with 10 flooders p50 35.8 / p99 152.3 ms.
//   Earlier pairs of runs: old 20.0/116.0 and 113/333, new 3.9/28.7 and 48/192.
// What changed: the session and the owner's agent are kept per replica until a change is
// published (no query per keystroke), connections to the agent are kept alive, and the agent
// stops reading a flooding terminal whose screen parser is behind (so its parse slices, 12 ms
// each in xterm, no longer hold the other terminal's echo). The flooded goal (≤ 100 ms p99) is
// not met under this load: the flooders' streams are also parsed in this same process.
// cat 50 MB: 5.7 (old) vs 14.5 MB/s (new) through a terminal stream; 31-42 MB/s through a process
// (these swing 2-3x between runs with the machine's load).
// In-memory PGlite. The route handlers are called in-process (Next.js's own HTTP layer is not
// measured); everything from the route wrapper on is real: session auth, the owner query, the
// relay over the agent's unix socket, a real agent process, real pseudo-terminals.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as processesRoute from "@/app/api/v1/workspaceagents/[agentId]/processes/route";
import * as inputRoute from "@/app/api/v1/workspaceagents/[agentId]/terminals/[id]/input/route";
import * as terminalRoute from "@/app/api/v1/workspaceagents/[agentId]/terminals/[id]/route";
import * as streamRoute from "@/app/api/v1/workspaceagents/[agentId]/terminals/[id]/stream/route";
import * as terminalsRoute from "@/app/api/v1/workspaceagents/[agentId]/terminals/route";
import { createSession } from "@/lib/auth/create-session";
import { setConfig } from "@/lib/config";
import { closeDb, initDb } from "@/lib/db/client";
import { startAgentApiServer } from "@/lib/testing/agent-api-server";
import { readSse, type ReceivedEvent } from "@/lib/testing/read-sse";
import { startAgentProcess, stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import { seedAgent } from "@/lib/workspace-agents/testing/seed-agent";

const KEYSTROKES = Number(process.argv[2] ?? 200);
const FLOODERS = 10;
const FILE_BYTES = 50_000_000;

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const database = await initDb({ kind: "pglite", dataDir: null });
const server = await startAgentApiServer();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-terminal-"));
setConfig({ dataDir, accessUrl: server.url, agentInactivityTimeoutMs: 60_000 });
const seeded = await seedAgent({});
await startAgentProcess({ agentId: seeded.agentId, token: seeded.token, directory: seeded.directory, serverUrl: server.url, sandbox: null });
for (let tries = 0; !(await database.prisma.workspaceAgent.findUniqueOrThrow({ where: { id: seeded.agentId } })).address; tries++) {
  if (tries > 600) throw new Error("the agent did not connect");
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const { ownerId } = await database.prisma.workspace.findUniqueOrThrow({ where: { id: seeded.workspaceId } });
const session = (await createSession({ userId: ownerId })).secret;

function call(handler: Handler, method: string, url: string, params: Record<string, string>, body?: unknown, headers: Record<string, string> = {}) {
  const request = new Request(`http://kiln.test/api/v1/workspaceagents/${seeded.agentId}${url}`, {
    method,
    headers: { host: "kiln.test", cookie: `kiln_session=${session}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve({ agentId: seeded.agentId, ...params }) });
}

async function openTerminal(id: string, command: string) {
  const response = await call(terminalsRoute.POST, "POST", "/terminals", {}, { id, cols: 200, rows: 50, command });
  if (response.status !== 201) throw new Error(`open ${id}: ${response.status} ${await response.text()}`);
}

/** Reads a terminal's stream until it exits, reconnecting from the last offset when the agent drops a slow viewer. */
async function follow(id: string, onEvent: (event: ReceivedEvent) => void): Promise<void> {
  let lastId: string | undefined;
  for (let exited = false; !exited; ) {
    const response = await call(streamRoute.GET, "GET", `/terminals/${id}/stream`, { id }, undefined, lastId ? { "last-event-id": lastId } : {});
    await readSse(response, (event) => {
      if (event.id) lastId = event.id;
      if (event.event === "exit") exited = true;
      onEvent(event);
    });
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

/** One character at a time into a quiet shell; each timed until the stream shows it. */
async function echoLatencies(id: string): Promise<{ echo: number[]; answered: number[] }> {
  await openTerminal(id, "exec bash --norc --noprofile");
  let waiting: { char: string; resolve: () => void } | null = null;
  void follow(id, (event) => {
    const data = event.event === "output" ? (event.data as { data: string }).data : "";
    if (waiting && data.includes(waiting.char)) waiting.resolve();
  }).catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 500));
  const samples: number[] = [];
  const answered: number[] = [];
  for (let seq = 0; seq < KEYSTROKES; seq++) {
    const char = String.fromCharCode(97 + (seq % 26));
    const started = performance.now();
    const echoed = new Promise<void>((resolve) => (waiting = { char, resolve }));
    const answer = await call(inputRoute.POST, "POST", `/terminals/${id}/input`, { id }, { seq, data: char });
    if (answer.status !== 200) throw new Error(`input: ${answer.status}`);
    answered.push(performance.now() - started);
    await echoed;
    samples.push(performance.now() - started);
    waiting = null;
    // Keep the line short: Ctrl-U every 50 characters (its own seq, not timed).
    if (seq % 50 === 49) {
      await call(inputRoute.POST, "POST", `/terminals/${id}/input`, { id }, { seq: ++seq, data: "\x15" });
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await stopTerminal(id);
  return { echo: samples, answered };
}

const report = (label: string, samples: number[]) =>
  console.log(`${label}: n=${samples.length} p50=${percentile(samples, 50).toFixed(1)} ms p99=${percentile(samples, 99).toFixed(1)} ms max=${Math.max(...samples).toFixed(1)} ms`);

try {
  const idle = await echoLatencies("echo-idle");
  report("echo, idle", idle.echo);
  report("  of which the input request's answer", idle.answered);

  let flooded = 0;
  const flooders = Array.from({ length: FLOODERS }, (_, index) => `flood-${index}`);
  for (const id of flooders) {
    await openTerminal(id, "while :; do yes | head -c 50000000; done");
    void follow(id, (event) => {
      if (event.event === "output") flooded += (event.data as { data: string }).data.length;
    }).catch(() => {});
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const floodStart = performance.now();
  const floodedBefore = flooded;
  const flooded10 = await echoLatencies("echo-flooded");
  report(`echo, ${FLOODERS} terminals flooding`, flooded10.echo);
  report("  of which the input request's answer", flooded10.answered);
  console.log(`  the flooders' streams carried ${((flooded - floodedBefore) / 1e6 / ((performance.now() - floodStart) / 1000)).toFixed(1)} MB/s meanwhile`);
  await Promise.all(flooders.map((id) => stopTerminal(id)));

  // A 50 MB text file: base64 lines, 76 characters each.
  const made = await call(processesRoute.POST, "POST", "/processes", {}, { command: `head -c ${(FILE_BYTES * 3) / 4} /dev/urandom | base64 > big.txt`, timeoutMs: 120_000 });
  if (made.status !== 201) throw new Error(`make file: ${made.status}`);

  let bytes = 0;
  const catStart = performance.now();
  await openTerminal("cat", "cat big.txt");
  await follow("cat", (event) => {
    if (event.event === "output") bytes += (event.data as { data: string }).data.length;
  });
  const catSeconds = (performance.now() - catStart) / 1000;
  console.log(`cat 50 MB through a terminal: ${(bytes / 1e6).toFixed(1)} MB of output in ${catSeconds.toFixed(2)} s = ${(bytes / 1e6 / catSeconds).toFixed(1)} MB/s`);

  const processStart = performance.now();
  const processed = await call(processesRoute.POST, "POST", "/processes", {}, { command: "cat big.txt", timeoutMs: 600_000 });
  const result = (await processed.json()) as { status: string; truncated: boolean };
  const processSeconds = (performance.now() - processStart) / 1000;
  console.log(`cat 50 MB through a process: ${result.status}, truncated=${result.truncated}, ${processSeconds.toFixed(2)} s = ${(FILE_BYTES / 1e6 / processSeconds).toFixed(1)} MB/s`);
} finally {
  await stopAgentProcess({ agentId: seeded.agentId, graceMs: 3000 });
  await server.close();
  await closeDb();
  rmSync(dataDir, { recursive: true, force: true });
}

async function stopTerminal(id: string) {
  await call(terminalRoute.DELETE, "DELETE", `/terminals/${id}`, { id });
}
