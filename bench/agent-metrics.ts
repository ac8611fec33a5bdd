// Benchmark: one collection of the agent metrics at 100,000 agents (25,000 workspaces, 4 agents
// each, one app per agent), today's collector beside the one before issue 16 (a query of
// materialized CTEs: nested loops and sorts on disk), alternating in the same run.
// Every collection is given the one `now` the heartbeats were seeded from, each exactly at the
// inactivity timeout before it — the last instant an agent still counts as connected — so an agent
// judged at any later instant, or aged by the bench itself, shows up as a false disconnect.
// Goal (issue 16): ≤ 2 s per collection on this machine, on PGlite and on PostgreSQL, with 0 false
// disconnects. Not a test; run by hand:
//   node --conditions=react-server --import tsx bench/agent-metrics.ts [workspaces=25000] [agentsPerWorkspace=4] [runs=3] [--naive]
// Uses an in-memory PGlite, or PostgreSQL (analyzed after seeding, as autovacuum would) when
// DATABASE_URL is set. --naive adds the shape of Coder's old collector (a fresh `now` and a
// query per agent; minutes at 100,000 agents).
import os from "node:os";
import type { PrismaClient } from "@/generated/prisma/client";
import { agentStatus } from "@/lib/workspace-agents/agent-status";
import { closeDb, initDb } from "@/lib/db/client";
import { collectAgentMetrics, type AgentMetricsSnapshot } from "@/lib/metrics/collect-agent-metrics";
import { collectAgentMetricsBefore } from "@/lib/metrics/testing/collect-agent-metrics-before";
import { seedRunningAgents } from "@/lib/metrics/testing/seed-agents";

const args = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const WORKSPACES = Number(args[0] ?? 25_000);
const AGENTS_PER_WORKSPACE = Number(args[1] ?? 4);
const RUNS = Number(args[2] ?? 3);
const WITH_NAIVE = process.argv.includes("--naive");
const TIMEOUT_MS = 30_000;

const database = await initDb(process.env.DATABASE_URL ? { kind: "postgres", url: process.env.DATABASE_URL } : { kind: "pglite", dataDir: null });
const prisma = database.prisma;
const load = () => `load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} (${os.cpus().length} CPUs)`;

let statements = 0;
const counting = {
  $queryRaw: (...args: Parameters<PrismaClient["$queryRaw"]>) => {
    statements += 1;
    return prisma.$queryRaw(...args);
  },
  $executeRaw: (...args: Parameters<PrismaClient["$executeRaw"]>) => {
    statements += 1;
    return prisma.$executeRaw(...args);
  },
  $transaction: prisma.$transaction.bind(prisma),
} as Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction">;

const now = new Date();
const seedStarted = Date.now();
const { agents } = await seedRunningAgents({
  workspaces: WORKSPACES,
  agentsPerWorkspace: AGENTS_PER_WORKSPACE,
  lastHeartbeatAt: new Date(now.getTime() - TIMEOUT_MS),
});
if (database.target.kind === "postgres") await prisma.$executeRaw`ANALYZE`;
console.log(`seeded ${agents} agents in ${WORKSPACES} workspaces in ${Date.now() - seedStarted} ms (${database.target.kind}); ${load()}`);

const collectors: Record<string, typeof collectAgentMetrics> = {
  "before (CTEs)": collectAgentMetricsBefore,
  "now (hash joins, planner set up)": collectAgentMetrics,
};
const results = Object.fromEntries(Object.keys(collectors).map((name) => [name, { durations: [] as number[], loads: [] as number[], falseDisconnects: 0, statements: 0 }]));
const reported = new Set<number>();
for (let run = 0; run < RUNS; run++) {
  for (const [name, collect] of Object.entries(collectors)) {
    const result = results[name]!;
    statements = 0;
    const started = performance.now();
    const snapshot: AgentMetricsSnapshot = await collect({ now, inactivityTimeoutMs: TIMEOUT_MS, prisma: counting });
    result.durations.push(performance.now() - started);
    result.loads.push(os.loadavg()[0]!);
    result.statements = statements;
    result.falseDisconnects = Math.max(result.falseDisconnects, snapshot.connections.filter((c) => c.status !== "connected").length);
    reported.add(snapshot.connections.length);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [name, { durations, loads, falseDisconnects, statements }] of Object.entries(results)) {
  console.log(
    `${name.padEnd(34)} median ${median(durations).toFixed(0)} ms, max ${Math.max(...durations).toFixed(0)} ms over ${RUNS} runs ` +
      `(${durations.map((d) => d.toFixed(0)).join(", ")}; 1-min load ${loads.map((l) => l.toFixed(1)).join(", ")}); ` +
      `${statements} statements; ${falseDisconnects} of ${agents} healthy agents reported disconnected`,
  );
}
if (reported.size !== 1 || !reported.has(agents)) console.log(`WARNING: a collection reported ${[...reported].join(" or ")} agents, not ${agents}`);
console.log(load());

/** The naive collector: every agent on its own, each with a fresh clock and its own app query. */
async function naiveCollection() {
  const all = await prisma.workspaceAgent.findMany({
    where: { resource: { job: { build: { transition: "start", workspace: { deleted: false } } } } },
  });
  let disconnected = 0;
  for (const agent of all) {
    await prisma.workspaceApp.findMany({ where: { agentId: agent.id } });
    if (agentStatus({ agent, now: new Date(), inactivityTimeoutMs: TIMEOUT_MS }) !== "connected") disconnected += 1;
  }
  return { agents: all.length, disconnected };
}

if (WITH_NAIVE) {
  // The naive collector reads the clock itself: heartbeats just now, a margin inside the timeout.
  const marginMs = 1000;
  await prisma.$executeRaw`UPDATE workspace_agents SET "lastConnectedAt" = ${new Date(Date.now() - TIMEOUT_MS + marginMs)}`;
  const started = performance.now();
  const naive = await naiveCollection();
  console.log(
    `naive (now per agent, a query per agent): ${(performance.now() - started).toFixed(0)} ms for one collection; ${naive.agents + 1} queries; ` +
      `${naive.disconnected} of ${naive.agents} healthy agents reported disconnected (heartbeats ${marginMs} ms inside the timeout); ${load()}`,
  );
}
await closeDb();
