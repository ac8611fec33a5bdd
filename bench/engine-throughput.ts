// Benchmark: builds per minute of the `quick` template, and build-log lines per second stored and
// delivered to a live follower. Not a test; run by hand:
//   node --conditions=react-server --import tsx bench/engine-throughput.ts [builds=40]
// Uses an in-memory PGlite, or PostgreSQL when DATABASE_URL is set.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GET as buildLogsRoute } from "@/app/api/v1/workspacebuilds/[buildId]/logs/route";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import { createSession } from "@/lib/auth/create-session";
import { setConfig } from "@/lib/config";
import { closeDb, initDb } from "@/lib/db/client";
import { Provisioner } from "@/lib/provisioner/provisioner";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import { startAgentApiServer } from "@/lib/testing/agent-api-server";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { readSse } from "@/lib/testing/read-sse";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

const BUILDS = Number(process.argv[2] ?? 40);
const LOG_LINES = 50_000;

const database = await initDb(process.env.DATABASE_URL ? { kind: "postgres", url: process.env.DATABASE_URL } : { kind: "pglite", dataDir: null });
const server = await startAgentApiServer();
setConfig({ dataDir: mkdtempSync(path.join(os.tmpdir(), "kiln-bench-")), accessUrl: server.url });
const provisioner = new Provisioner({ concurrency: 4, staleMs: 30_000, log: () => {} });
await provisioner.start();
const prisma = database.prisma;

// 1. Builds per minute of `quick`: queue them all, time until every job has finished.
const quick = (await listExampleTemplates()).find((t) => t.spec.name === "quick")!;
const { actor, templateId } = await seedUserWithTemplate({ spec: quick.spec });
const started = Date.now();
for (let i = 0; i < BUILDS; i++) await createWorkspace({ input: { templateId, name: `quick-${i}` }, actor });
await eventually(async () => (await prisma.provisionerJob.count({ where: { completedAt: { not: null } } })) === BUILDS, {
  timeoutMs: 600_000,
  intervalMs: 50,
  what: "builds",
});
const buildSeconds = (Date.now() - started) / 1000;
const failed = await prisma.provisionerJob.count({ where: { error: { not: null } } });
const ready = await eventually(
  async () => {
    const n = await prisma.workspaceAgent.count({ where: { lifecycleState: "ready" } });
    return n === BUILDS ? n : null;
  },
  { timeoutMs: 600_000, intervalMs: 50, what: "agents ready" },
);
const readySeconds = (Date.now() - started) / 1000;
console.log(
  `quick: ${BUILDS} builds (${failed} failed) in ${buildSeconds.toFixed(1)} s = ${((BUILDS / buildSeconds) * 60).toFixed(0)} builds/min; ` +
    `all ${ready} agents ready after ${readySeconds.toFixed(1)} s (${((BUILDS / readySeconds) * 60).toFixed(0)} workspaces ready/min)`,
);
const agents = await prisma.workspaceAgent.findMany({ select: { id: true } });
await Promise.all(agents.map((agent) => stopAgentProcess({ agentId: agent.id, graceMs: 2000 })));

// 2. Log lines per second: one step prints LOG_LINES lines; a follower reads them over SSE.
const chatty = await seedUserWithTemplate({
  spec: { name: "chatty", build: [{ name: "Print", run: `seq 1 ${LOG_LINES} | sed 's/^/line /'` }] },
});
const { secret } = await createSession({ userId: chatty.actor.id });
const workspace = await createWorkspace({ input: { templateId: chatty.templateId, name: "chatty" }, actor: chatty.actor });
const logStart = Date.now();
let received = 0;
let lastReceivedAt = 0;
const response = await buildLogsRoute(
  new Request("http://bench/logs?follow=1", { headers: { cookie: `kiln_session=${secret}` } }),
  { params: Promise.resolve({ buildId: workspace.latestBuild.id }) },
);
await readSse(response, (event) => {
  if (event.event !== "log") return;
  received++;
  lastReceivedAt = event.receivedAt;
});
const job = await prisma.provisionerJob.findUniqueOrThrow({ where: { id: workspace.latestBuild.job.id } });
const stored = await prisma.provisionerJobLog.count({ where: { jobId: job.id } });
const storeSeconds = (job.completedAt!.getTime() - job.startedAt!.getTime()) / 1000;
const deliverSeconds = (lastReceivedAt - logStart) / 1000;
console.log(
  `logs: ${stored} lines stored in ${storeSeconds.toFixed(2)} s = ${Math.round(stored / storeSeconds)} lines/s; ` +
    `${received} delivered to the follower in ${deliverSeconds.toFixed(2)} s = ${Math.round(received / deliverSeconds)} lines/s`,
);

await provisioner.stop();
await server.close();
await closePubSub();
await closeDb();
process.exit(0);
