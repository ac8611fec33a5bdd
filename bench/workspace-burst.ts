// Benchmark: a burst of users each asking for a `quick` workspace at the same moment (issue 16,
// goal 2). USERS chats call create_workspace at once through runChatTool (a model's tool call);
// every call must return a ready agent. Meanwhile a client polls GET /api/v1/healthz every 100 ms
// over HTTP, served by this process (the one running the provisioner, the database and the
// agent API), so its latency is what a burst does to the server's event loop. Printed per design:
// call latency (p50/p90/p99/max), healthz latency (p50/p99/max) and where a build's time went
// (queue wait, build, agent start to ready), and the machine load. "old" also polls healthz as it
// was before the shared probe (every call querying the database itself), on a PGlite that runs
// its queued statements back to back (lib/db/yielding-pglite.ts off).
// Not a test; run by hand:
//   node --conditions=react-server --import tsx bench/workspace-burst.ts [users=50] [designs=old,new,unbounded]
// Uses an in-memory PGlite, or PostgreSQL when DATABASE_URL is set. Sandbox as the host allows
// (KILN_WORKSPACE_ISOLATION, default auto: bubblewrap when it works). Every agent is stopped and
// every workspace folder removed before the next design runs.
import childProcess from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { GET as healthzRoute } from "@/app/api/v1/healthz/route";
import type { Actor } from "@/lib/auth/actor";
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import { setToolConfig } from "@/lib/chat/tools/tool-config";
import { config, setConfig } from "@/lib/config";
import { closeLockPool } from "@/lib/db/advisory-lock";
import { YieldingPGlite } from "@/lib/db/yielding-pglite";
import { closeDb, initDb } from "@/lib/db/client";
import { Provisioner } from "@/lib/provisioner/provisioner";
import { closePubSub, pubsub } from "@/lib/pubsub/pubsub";
import { readQueueStats } from "@/lib/provisioner/read-queue-stats";
import { workspaceIsolation } from "@/lib/sandbox/workspace-isolation";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import type { TemplateSpecInput } from "@/lib/templates/schemas";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { startRouteServer } from "@/lib/testing/route-server";
import { agentApiHandlers } from "@/lib/workspace-agents/agent-api-handlers";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import { countDbWork } from "./count-db-work";

const USERS = Number(process.argv[2] ?? 50);
const DESIGNS = (process.argv[3] ?? "old,new,unbounded").split(",") as Design[];
const HEALTHZ_EVERY_MS = 100;

type Design = "old" | "new" | "unbounded";
/**
 * The provisioner and the tool as they were (4 builds at once; the tool read the whole workspace
 * again after its build), as they are (KILN_PROVISIONER_CONCURRENCY, by default from the cores),
 * and with every build at once (what a bigger fixed number does to the server). The heartbeats
 * of jobs and tool calls, one statement per interval now, have no switch: the statement counts
 * of main are in the note of the commit that added this bench.
 */
const designs: Record<Design, { concurrency: number; agentsFromBuildWait: boolean; healthz: string; pgliteYields: boolean }> = {
  old: { concurrency: 4, agentsFromBuildWait: false, healthz: "/api/v1/healthz-per-call", pgliteYields: false },
  new: { concurrency: config().provisionerConcurrency, agentsFromBuildWait: true, healthz: "/api/v1/healthz", pgliteYields: true },
  unbounded: { concurrency: USERS, agentsFromBuildWait: true, healthz: "/api/v1/healthz", pgliteYields: true },
};

/** healthz before the shared probe (lib/health/health-probe.ts): each call queried the database itself, and waited for it. */
async function healthzPerCall(): Promise<Response> {
  await readQueueStats();
  const bus = await (await pubsub()).health();
  return Response.json({ bus }, { status: bus === "ok" ? 200 : 503 });
}

const database = await initDb(process.env.DATABASE_URL ? { kind: "postgres", url: process.env.DATABASE_URL } : { kind: "pglite", dataDir: null });
const prisma = database.prisma;
const server = await startRouteServer({ ...agentApiHandlers, "/api/v1/healthz": { GET: healthzRoute }, "/api/v1/healthz-per-call": { GET: healthzPerCall } });
const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-"));
setConfig({ dataDir, accessUrl: server.url });
setToolConfig({ buildTimeoutMs: 300_000, agentConnectTimeoutMs: 300_000, startupTimeoutMs: 300_000 });
const isolation = await workspaceIsolation();
const dbWork = await countDbWork(database);

// Process starts by this process, and the time its event loop spent inside spawn(): a fork copies
// the parent's page tables, so a big server pays for every start with a blocked event loop.
const spawns = { count: 0, ms: 0 };
const spawn = childProcess.spawn;
childProcess.spawn = ((...args: Parameters<typeof spawn>) => {
  const started = performance.now();
  try {
    return spawn(...args);
  } finally {
    spawns.count += 1;
    spawns.ms += performance.now() - started;
  }
}) as typeof spawn;
syncBuiltinESMExports();
const quick = (await listExampleTemplates()).find((t) => t.spec.name === "quick")!.spec as TemplateSpecInput;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50=${percentile(sorted, 50)} p90=${percentile(sorted, 90)} p99=${percentile(sorted, 99)} max=${sorted.at(-1)} ms`;
};

/** One healthz answer; a keep-alive connection the server closed meanwhile is retried at once (the time counts). */
async function healthzOnce(route: string): Promise<number> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${server.url}${route}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`healthz answered ${response.status}`);
      return Math.round(performance.now() - started);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** Polls healthz every HEALTHZ_EVERY_MS until stopped; returns each answer's latency and when it was asked (ms into the burst). */
function pollHealthz(route: string): { stop: () => Promise<{ took: number; at: number }[]> } {
  const samples: { took: number; at: number }[] = [];
  const start = performance.now();
  let stopped = false;
  // Kept until stop(): a rejection nobody awaits yet would end the process before the clean-up.
  let failure: unknown;
  const loop = (async () => {
    while (!stopped && failure === undefined) {
      const at = Math.round(performance.now() - start);
      const took = await healthzOnce(route).catch((error: unknown) => void (failure = error));
      if (took === undefined) break;
      samples.push({ took, at });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, HEALTHZ_EVERY_MS - took)));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      if (failure !== undefined) throw failure;
      return samples;
    },
  };
}

type User = { actor: Actor; organizationId: string; templateId: string; chatId: string };

/** A user with a template and an open chat, as before they ask for a workspace. */
async function seedUser(): Promise<User> {
  const seeded = await seedUserWithTemplate({ spec: quick });
  const chat = await prisma.chat.create({ data: { ownerId: seeded.actor.id, organizationId: seeded.organizationId } });
  return { ...seeded, chatId: chat.id };
}

async function oneUser(seeded: User): Promise<{ ms: number; buildId: string }> {
  const chat = { id: seeded.chatId };
  const started = performance.now();
  const result = await runChatTool({ chatId: chat.id, actor: seeded.actor, tool: "create_workspace", input: { template_id: seeded.templateId } });
  const ms = Math.round(performance.now() - started);
  const output = result.output as { created?: boolean; build_id?: string; agent_status?: string; startup_scripts?: string };
  // Ready: neither an agent_status (not ready) nor startup_scripts (a script failed) in the answer.
  if (result.isError || output.created !== true || output.agent_status || output.startup_scripts) throw new Error(`create_workspace: ${JSON.stringify(output)}`);
  return { ms, buildId: output.build_id! };
}

/** Where the builds' time went, from the database's own stamps (median and max of each part). */
async function phases(buildIds: string[]): Promise<string> {
  const builds = await prisma.workspaceBuild.findMany({
    where: { id: { in: buildIds } },
    select: {
      job: {
        select: {
          createdAt: true,
          startedAt: true,
          completedAt: true,
          timings: { select: { startedAt: true, endedAt: true } },
          resources: { select: { agents: { select: { readyAt: true } } } },
        },
      },
    },
  });
  const queue: number[] = [];
  const build: number[] = [];
  const agent: number[] = [];
  const step: number[] = [];
  for (const { job } of builds) {
    for (const timing of job.timings) if (timing.endedAt) step.push(timing.endedAt.getTime() - timing.startedAt.getTime());
    const readyAt = job.resources[0]?.agents[0]?.readyAt;
    queue.push(job.startedAt!.getTime() - job.createdAt.getTime());
    build.push(job.completedAt!.getTime() - job.startedAt!.getTime());
    if (readyAt) agent.push(readyAt.getTime() - job.completedAt!.getTime());
  }
  const part = (label: string, samples: number[]) => {
    const sorted = samples.sort((a, b) => a - b);
    return `${label} p50=${percentile(sorted, 50)} max=${sorted.at(-1)} ms`;
  };
  return `${part("queued", queue)}; ${part("claimed → finished", build)} (of it the build step ${part("", step).trim()}); ${part("finished → agent ready", agent)}`;
}

async function cleanUp(): Promise<void> {
  const agents = await prisma.workspaceAgent.findMany({ where: { lifecycleState: { not: "off" } }, select: { id: true } });
  await Promise.all(agents.map((agent) => stopAgentProcess({ agentId: agent.id, graceMs: 2000 })));
  await prisma.workspaceAgent.updateMany({ data: { lifecycleState: "off" } });
  rmSync(path.join(dataDir, "workspaces"), { recursive: true, force: true });
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const lines: string[] = [];
for (const design of DESIGNS) {
  const { concurrency, agentsFromBuildWait, healthz: healthzPath, pgliteYields } = designs[design];
  if (database.pglite instanceof YieldingPGlite) database.pglite.yieldBetweenStatements = pgliteYields;
  setToolConfig({ agentsFromBuildWait });
  const provisioner = new Provisioner({ concurrency, staleMs: 30_000, log: () => {} });
  await provisioner.start();
  const users = await Promise.all(Array.from({ length: USERS }, seedUser));
  // Whatever happens (a failed call, a healthz error), no agent of this run stays up: the
  // provisioner ends its running jobs first, then every agent they started is stopped.
  try {
    // The route's first answer compiles and probes; measure the server warm.
    await healthzOnce(healthzPath);
    const load = os.loadavg()[0]!.toFixed(1);
    const rssBefore = process.memoryUsage().rss;
    const workBefore = dbWork();
    const cpuBefore = process.cpuUsage();
    const spawnsBefore = { ...spawns };
    loopDelay.reset();
    loopDelay.enable();
    const healthz = pollHealthz(healthzPath);
    const started = performance.now();
    const calls = await Promise.all(users.map((user) => oneUser(user)));
    const wall = ((performance.now() - started) / 1000).toFixed(1);
    const healthSamples = await healthz.stop();
    const health = healthSamples.map((sample) => sample.took);
    const slowest = [...healthSamples].sort((a, b) => b.took - a.took).slice(0, 3);
    loopDelay.disable();
    const work = dbWork();
    const cpu = process.cpuUsage(cpuBefore);
    // Less the healthz polls' own statement each.
    const perBuild = (key: "statements" | "transactions" | "publishes") =>
      ((work[key] - workBefore[key] - (key === "statements" ? health.length : 0)) / USERS).toFixed(1);
    const spawned = spawns.count - spawnsBefore.count;
    lines.push(
      `${design} (${concurrency} at once): ${USERS} ready in ${wall} s; create_workspace ${stats(calls.map((c) => c.ms))}\n` +
        `    healthz n=${health.length} ${stats(health)} (slowest asked at ${slowest.map((sample) => `+${(sample.at / 1000).toFixed(1)} s`).join(", ")}); event-loop delay p99=${(loopDelay.percentile(99) / 1e6).toFixed(0)} max=${(loopDelay.max / 1e6).toFixed(0)} ms\n` +
        `    ${await phases(calls.map((c) => c.buildId))}\n` +
        `    per workspace (build, agent start and the tool's waits): ${Math.round((cpu.user + cpu.system) / 1000 / USERS)} ms of this process's CPU, ${perBuild("statements")} statements, ${perBuild("transactions")} transactions, ` +
        `${perBuild("publishes")} publishes, ${(spawned / USERS).toFixed(1)} process starts (${((spawns.ms - spawnsBefore.ms) / spawned).toFixed(1)} ms each inside spawn(), ` +
        `${Math.round(spawns.ms - spawnsBefore.ms)} ms in all)\n` +
        `    server rss ${Math.round(process.memoryUsage().rss / 1e6)} MB (+${Math.round((process.memoryUsage().rss - rssBefore) / 1e6)} MB with ${USERS} agents); load before ${load}, after ${os.loadavg()[0]!.toFixed(1)}`,
    );
    console.log(lines.at(-1));
  } finally {
    await provisioner.stop();
    await cleanUp();
  }
}

console.log(
  `\n${database.target.kind}, isolation ${isolation.mode}${isolation.reason ? ` (${isolation.reason})` : ""}, ${USERS} users at once; ` +
    `${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`,
);
await server.close();
await closeLockPool();
await closePubSub();
await closeDb();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
