// Bench helper for bench/chat-stream-fanout.ts: one server process holding the chat event streams,
// driven over IPC, so that its memory and CPU are the streams' alone. It serves the events route
// over node:http (the route handler itself, with its authentication, not Next's router) on an
// in-memory PGlite, or PostgreSQL when DATABASE_URL is set. It imports only what old commits also
// have, so the bench can run it from an older tree for the baseline.
// Messages: seed {idle} → {fanoutUrl, urlsFile, cookie}; usage → {rss, heapUsed, cpuMicros};
// lines {count, intervalMs} → {storedAt: {lineId: ms}}; stop.
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

type Command = { type: "seed"; idle: number } | { type: "usage" } | { type: "lines"; count: number; intervalMs: number } | { type: "stop" };

const database = await initDb(process.env.DATABASE_URL ? { kind: "postgres", url: process.env.DATABASE_URL } : { kind: "pglite", dataDir: null });
const prisma = database.prisma;

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
let jobId = "";

async function seed(idle: number) {
  const { actor, templateId, organizationId } = await seedUserWithTemplate({ spec: { name: "fanout", build: [] } });
  const cookie = `kiln_session=${(await createSession({ userId: actor.id })).secret}`;
  // The provisioner is not running: the build stays pending and this process writes its log.
  const workspace = await createWorkspace({ input: { templateId, name: "fanout" }, actor });
  jobId = workspace.latestBuild.job.id;
  const chat = await prisma.chat.create({ data: { ownerId: actor.id, organizationId, workspaceId: workspace.id, buildId: workspace.latestBuild.id } });
  await prisma.chat.createMany({ data: Array.from({ length: idle }, () => ({ ownerId: actor.id, organizationId })) });
  const idleChats = await prisma.chat.findMany({ where: { ownerId: actor.id, workspaceId: null }, select: { id: true } });
  const urlsFile = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-bench-")), "urls.txt");
  writeFileSync(urlsFile, idleChats.map((c) => `${base}/api/v1/chats/${c.id}/events`).join("\n"));
  return { fanoutUrl: `${base}/api/v1/chats/${chat.id}/events`, urlsFile, cookie };
}

/**
 * Memory after a full collection, and CPU used so far read before it: the forced collection (a
 * few hundred ms with 10,000 streams) is the bench's, not the streams' idle cost.
 */
function usage() {
  const cpu = process.cpuUsage();
  const hr = Number(process.hrtime.bigint() / 1000n);
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed, cpuMicros: cpu.user + cpu.system, hr };
}

/** Writes `count` build log lines, one every `intervalMs`; when each was stored (inserted and notified). */
async function lines(count: number, intervalMs: number) {
  const writer = new JobLogWriter(jobId);
  const stamps: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = Date.now();
    writer.write("Bench", `line ${i}`);
    await writer.flush();
    stamps.push(Date.now());
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (Date.now() - started))));
  }
  const rows = await prisma.provisionerJobLog.findMany({ where: { jobId, stage: "Bench" }, orderBy: { id: "asc" }, select: { id: true } });
  return { storedAt: Object.fromEntries(rows.map((row, index) => [String(row.id), stamps[index]!])) };
}

async function stop() {
  server.closeAllConnections();
  server.close();
  // Let the streams see their clients gone before the database closes under them.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await closePubSub();
  await closeLockPool();
  await closeDb();
  return "stopped";
}

process.on("message", (command: Command) => {
  const answer = async () => {
    if (command.type === "seed") return seed(command.idle);
    if (command.type === "usage") return usage();
    if (command.type === "lines") return lines(command.count, command.intervalMs);
    return stop();
  };
  answer().then(
    (result) => process.send?.({ ok: true, result }, () => command.type === "stop" && process.exit(0)),
    (error: Error) => process.send?.({ ok: false, error: error.stack ?? error.message }, () => command.type === "stop" && process.exit(1)),
  );
});
process.send?.({ ok: true, result: "ready" });
