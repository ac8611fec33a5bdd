// Benchmark: the chat event stream under many clients.
//   1. Fan-out latency: 200 clients (a separate process) follow one chat whose build writes a log
//      line every 20 ms; for each line and client, the time from the line being stored (the log
//      writer's flush resolved: inserted and notified) to its arrival at the client. p50/p90/p99.
//   2. Idle streams: N chats, one open stream each, nothing happening; the server process's
//      memory per stream (RSS and heap, after GC) and its CPU use while they idle.
// Not a test; run by hand:
//   node --expose-gc --conditions=react-server --import tsx bench/chat-stream-fanout.ts [clients=200] [lines=500] [idle=2000]
// Uses an in-memory PGlite, or PostgreSQL when DATABASE_URL is set.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { GET as events } from "@/app/api/v1/chats/[chatId]/events/route";
import { createSession } from "@/lib/auth/create-session";
import { closeLockPool } from "@/lib/db/advisory-lock";
import { closeDb, initDb } from "@/lib/db/client";
import { JobLogWriter } from "@/lib/provisioner/job-log-writer";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

const CLIENTS = Number(process.argv[2] ?? 200);
const LINES = Number(process.argv[3] ?? 500);
const IDLE = Number(process.argv[4] ?? 2000);
const LINE_INTERVAL_MS = 20;

const database = await initDb(process.env.DATABASE_URL ? { kind: "postgres", url: process.env.DATABASE_URL } : { kind: "pglite", dataDir: null });
const prisma = database.prisma;

// The events route over real HTTP (the provisioner is not running: the build stays pending and
// this process writes its log, as a provisioner would).
const server = http.createServer(async (incoming, outgoing) => {
  const match = /^\/api\/v1\/chats\/([0-9a-f-]{36})\/events$/.exec(incoming.url ?? "");
  if (!match) return void outgoing.writeHead(404).end();
  const controller = new AbortController();
  outgoing.on("close", () => controller.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
  const response = await events(new Request(`http://127.0.0.1${incoming.url}`, { headers, signal: controller.signal }), {
    params: Promise.resolve({ chatId: match[1]! }),
  });
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) Readable.fromWeb(response.body as never).pipe(outgoing);
  else outgoing.end();
});
server.maxConnections = 100_000;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { actor, templateId, organizationId } = await seedUserWithTemplate({ spec: { name: "fanout", build: [] } });
const cookie = `kiln_session=${(await createSession({ userId: actor.id })).secret}`;

/** Starts the client process; resolves its JSON report when it exits. */
function startClients(url: string, count: number, expectedLines: number) {
  const child = spawn(process.execPath, ["bench/support/sse-clients.mjs", url, String(count), cookie, String(expectedLines)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let opened = 0;
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => {
    const last = /opened (\d+)\s*$/.exec(chunk.toString());
    if (last) opened = Number(last[1]);
    else process.stderr.write(chunk);
  });
  const report = new Promise<{ arrivals: Record<string, number[]>; opened: number; failed: number }>((resolve) =>
    child.on("exit", () => resolve(JSON.parse(stdout || "{}"))),
  );
  return { child, report, opened: () => opened };
}

async function until(check: () => boolean, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

// ---- 1. fan-out latency ----
const workspace = await createWorkspace({ input: { templateId, name: "fanout" }, actor });
const chat = await prisma.chat.create({
  data: { ownerId: actor.id, organizationId, workspaceId: workspace.id, buildId: workspace.latestBuild.id },
});
const clients = startClients(`${base}/api/v1/chats/${chat.id}/events`, CLIENTS, LINES);
await until(() => clients.opened() >= CLIENTS, `${CLIENTS} streams to open`);
await new Promise((resolve) => setTimeout(resolve, 1000));
const writer = new JobLogWriter(workspace.latestBuild.job.id);
const storedAt: number[] = [];
for (let i = 0; i < LINES; i++) {
  const started = Date.now();
  writer.write("Bench", `line ${i}`);
  await writer.flush();
  storedAt.push(Date.now());
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, LINE_INTERVAL_MS - (Date.now() - started))));
}
const report = await clients.report;
const rows = await prisma.provisionerJobLog.findMany({ where: { jobId: workspace.latestBuild.job.id, stage: "Bench" }, orderBy: { id: "asc" } });
const latencies: number[] = [];
let missing = 0;
rows.forEach((row, index) => {
  const times = report.arrivals[String(row.id)] ?? [];
  missing += CLIENTS - times.length;
  for (const time of times) latencies.push(time - storedAt[index]!);
});
latencies.sort((a, b) => a - b);
console.log(`fan-out: ${CLIENTS} clients × ${LINES} lines (one every ${LINE_INTERVAL_MS} ms), ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`);
console.log(
  `  stored → arrived: p50 ${percentile(latencies, 50)} ms, p90 ${percentile(latencies, 90)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms` +
    ` (${latencies.length} deliveries, ${missing} missing, ${report.failed} clients failed)`,
);

// ---- 2. idle streams ----
await prisma.chat.createMany({ data: Array.from({ length: IDLE }, () => ({ ownerId: actor.id, organizationId })) });
const idleChats = await prisma.chat.findMany({ where: { ownerId: actor.id, workspaceId: null }, select: { id: true }, take: IDLE });
const gc = (globalThis as { gc?: () => void }).gc;
const memory = () => {
  gc?.();
  return process.memoryUsage();
};
const before = memory();
// One client process holds all idle streams (a URL per chat, from a file).
const urlsFile = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-bench-")), "urls.txt");
writeFileSync(urlsFile, idleChats.map((c) => `${base}/api/v1/chats/${c.id}/events`).join("\n"));
const idleClients = startClients(`@${urlsFile}`, 1, 0);
await until(() => idleClients.opened() >= IDLE, `${IDLE} idle streams to open`);
await new Promise((resolve) => setTimeout(resolve, 3000));
const after = memory();
const cpuBefore = process.cpuUsage();
const IDLE_WINDOW_MS = 30_000;
await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
const cpu = process.cpuUsage(cpuBefore);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
console.log(`idle: ${IDLE} open chat streams held by one server process`);
console.log(
  `  memory: RSS +${mb(after.rss - before.rss)} MB, heap +${mb(after.heapUsed - before.heapUsed)} MB → ` +
    `${((after.rss - before.rss) / IDLE / 1024).toFixed(1)} kB RSS / ${((after.heapUsed - before.heapUsed) / IDLE / 1024).toFixed(1)} kB heap per stream` +
    `${gc ? "" : " (run with --expose-gc for steadier figures)"}`,
);
console.log(`  CPU while idle: ${(((cpu.user + cpu.system) / 1000 / IDLE_WINDOW_MS) * 100).toFixed(1)} % of one core over ${IDLE_WINDOW_MS / 1000} s`);
idleClients.child.kill("SIGTERM");
const idleReport = await idleClients.report;
if (idleReport.failed) console.log(`  ${idleReport.failed} idle streams failed`);
server.closeAllConnections();
server.close();
// Let the streams see their clients gone before the database closes under them.
await new Promise((resolve) => setTimeout(resolve, 1000));
await closePubSub();
await closeLockPool();
await closeDb();
