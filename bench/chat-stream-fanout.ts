// Benchmark: the chat event stream at scale, the previous design and this one in the same run.
// For each, a server process (bench/support/chat-stream-server.ts) holds:
//   1. idle streams: IDLE chats, one open stream each, opened by a client process as fast as it can
//      (256 waiting for their response at once): the open rate, the server's resident memory per
//      stream (after GC) and its CPU use while nothing happens;
//   2. fan-out, with the idle streams still open: FOLLOWERS clients follow one chat whose build
//      writes a log line every 20 ms; for each line and client, the time from the line being
//      stored (the log writer's flush resolved: inserted and notified) to its arrival.
// The baseline is the server of an older commit (default: main), unpacked from git into a
// temporary folder that shares this tree's node_modules and generated client.
// Not a test; run by hand:
//   node --conditions=react-server --import tsx bench/chat-stream-fanout.ts [idle=10000] [followers=200] [lines=300] [baseline=main]
// Env: IDLE_WINDOW_S (default 30), OPEN_TIMEOUT_S (default 180), DATABASE_URL for PostgreSQL
// (both servers then share that database, each with users of its own).
import { execSync, fork, spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const IDLE = Number(process.argv[2] ?? 10_000);
const FOLLOWERS = Number(process.argv[3] ?? 200);
const LINES = Number(process.argv[4] ?? 300);
const BASELINE = process.argv[5] ?? "main";
const IDLE_WINDOW_MS = Number(process.env.IDLE_WINDOW_S ?? 30) * 1000;
const OPEN_TIMEOUT_MS = Number(process.env.OPEN_TIMEOUT_S ?? 180) * 1000;
const LINE_INTERVAL_MS = 20;
const root = path.resolve(import.meta.dirname, "..");
const SERVER_SCRIPT = "bench/support/chat-stream-server.ts";

type Usage = { rss: number; heapUsed: number; cpuMicros: number };
type Figures = { opened: number; openSeconds: number; kbPerStream: number; heapKbPerStream: number; idleCpuPercent: number; p50: number; p99: number; max: number; missing: number; failed: number; load: string };

const load = () => os.loadavg().map((value) => value.toFixed(2)).join(" ");
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tree of the baseline commit, beside this one's dependencies. */
function baselineTree(ref: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-baseline-"));
  execSync(`git archive ${ref} | tar -x -C ${dir}`, { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  symlinkSync(path.join(root, "generated"), path.join(dir, "generated"));
  cpSync(path.join(root, SERVER_SCRIPT), path.join(dir, SERVER_SCRIPT));
  return dir;
}

/** The server process, and a function that sends it a command and resolves its answer. */
async function startServer(cwd: string) {
  const child = fork(SERVER_SCRIPT, [], { cwd, execArgv: ["--expose-gc", "--conditions=react-server", "--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const answers: ((message: { ok: boolean; result?: unknown; error?: string }) => void)[] = [];
  child.on("message", (message: { ok: boolean; result?: unknown; error?: string }) => answers.shift()?.(message));
  const next = () => new Promise<unknown>((resolve, reject) => answers.push((m) => (m.ok ? resolve(m.result) : reject(new Error(m.error)))));
  await next();
  const ask = <T,>(command: object): Promise<T> => {
    const answer = next() as Promise<T>;
    child.send(command);
    return answer;
  };
  return { child, ask };
}

/** A client process; `opened()` is its latest count of open streams. */
function startClients(target: string, count: number, cookie: string, expectedLines: number) {
  const child: ChildProcess = spawn(process.execPath, ["bench/support/sse-clients.mjs", target, String(count), cookie, String(expectedLines)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let opened = 0;
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk: Buffer) => {
    const last = /opened (\d+)\s*$/.exec(chunk.toString());
    if (last) opened = Number(last[1]);
    else process.stderr.write(chunk);
  });
  const report = new Promise<{ arrivals: Record<string, number[]>; opened: number; failed: number; openMs: number | null }>((resolve) =>
    child.on("exit", () => resolve(JSON.parse(stdout || '{"arrivals":{},"opened":0,"failed":0,"openMs":null}'))),
  );
  return { child, report, opened: () => opened };
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

async function measure(label: string, cwd: string): Promise<Figures> {
  console.log(`${label}: starting (load ${load()})`);
  const { child, ask } = await startServer(cwd);
  const { fanoutUrl, urlsFile, cookie } = await ask<{ fanoutUrl: string; urlsFile: string; cookie: string }>({ type: "seed", idle: IDLE });
  const before = await ask<Usage>({ type: "usage" });

  // 1. idle streams
  const started = performance.now();
  const idle = startClients(`@${urlsFile}`, 1, cookie, 0);
  const isOpen = await until(() => idle.opened() >= IDLE, OPEN_TIMEOUT_MS);
  const openSeconds = (performance.now() - started) / 1000;
  const opened = idle.opened();
  console.log(`${label}: ${opened} streams open after ${openSeconds.toFixed(1)} s${isOpen ? "" : " (gave up waiting)"}`);
  await sleep(3000);
  const after = await ask<Usage>({ type: "usage" });
  const idleStart = await ask<Usage>({ type: "usage" });
  await sleep(IDLE_WINDOW_MS);
  const idleEnd = await ask<Usage>({ type: "usage" });

  // 2. fan-out, the idle streams still open
  const followers = startClients(fanoutUrl, FOLLOWERS, cookie, LINES);
  await until(() => followers.opened() >= FOLLOWERS, OPEN_TIMEOUT_MS);
  await sleep(1000);
  const { storedAt } = await ask<{ storedAt: Record<string, number> }>({ type: "lines", count: LINES, intervalMs: LINE_INTERVAL_MS });
  const fanout = await Promise.race([followers.report, sleep(30_000).then(() => (followers.child.kill("SIGTERM"), followers.report))]);
  const latencies: number[] = [];
  let missing = 0;
  for (const [lineId, stored] of Object.entries(storedAt)) {
    const times = fanout.arrivals[lineId] ?? [];
    missing += FOLLOWERS - times.length;
    for (const time of times) latencies.push(time - stored);
  }
  latencies.sort((a, b) => a - b);
  idle.child.kill("SIGTERM");
  const idleReport = await idle.report;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await Promise.race([ask({ type: "stop" }).catch(() => {}), exited]);
  child.kill();
  return {
    opened,
    openSeconds: (idleReport.openMs ?? openSeconds * 1000) / 1000,
    kbPerStream: (after.rss - before.rss) / Math.max(1, opened) / 1024,
    heapKbPerStream: (after.heapUsed - before.heapUsed) / Math.max(1, opened) / 1024,
    idleCpuPercent: ((idleEnd.cpuMicros - idleStart.cpuMicros) / 1000 / IDLE_WINDOW_MS) * 100,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    missing,
    failed: fanout.failed + idleReport.failed,
    load: load(),
  };
}

const baselineDir = baselineTree(BASELINE);
try {
  const old = await measure(`old (${BASELINE})`, baselineDir);
  const now = await measure("new (this tree)", root);
  const rows: [string, (f: Figures) => string, string][] = [
    ["streams open", (f) => String(f.opened), String(IDLE)],
    ["open rate (streams/s)", (f) => (f.opened / f.openSeconds).toFixed(0), "≥ 500"],
    ["resident memory per stream (kB)", (f) => f.kbPerStream.toFixed(1), "≤ 30"],
    ["heap per stream (kB)", (f) => f.heapKbPerStream.toFixed(1), ""],
    [`CPU while idle (% of one core, ${IDLE_WINDOW_MS / 1000} s)`, (f) => f.idleCpuPercent.toFixed(1), "≤ 5"],
    [`fan-out p50 (ms, ${FOLLOWERS} followers)`, (f) => String(f.p50), ""],
    ["fan-out p99 (ms)", (f) => String(f.p99), "≤ 50"],
    ["fan-out max (ms)", (f) => String(f.max), ""],
    ["deliveries missing / clients failed", (f) => `${f.missing} / ${f.failed}`, "0 / 0"],
    ["load average (1, 5, 15 min) after", (f) => f.load, ""],
  ];
  console.log(`\nchat event streams, ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}, ${os.cpus().length} cores`);
  console.log(`${"figure".padEnd(44)}${"old".padStart(18)}${"new".padStart(18)}   goal`);
  for (const [name, value, goal] of rows) console.log(`${name.padEnd(44)}${value(old).padStart(18)}${value(now).padStart(18)}   ${goal}`);
} finally {
  rmSync(baselineDir, { recursive: true, force: true });
}
