// Benchmark: one collection of the agent metrics at 10,000 agents (2,500 workspaces, 4 agents
// each, one app per agent), next to a naive per-agent version measured in the same run — the
// shape of Coder's old collector: a fresh `now` per agent and one query per agent for its apps.
// Heartbeats are placed `MARGIN_MS` inside the inactivity timeout, so a pass that takes longer
// than that with a drifting clock reports healthy agents as disconnected.
// Goal (issue 6): ≤ 200 ms per collection on this machine. Not a test; run by hand:
//   node --conditions=react-server --import tsx bench/agent-metrics.ts [workspaces=2500] [agentsPerWorkspace=4] [runs=5]
// Uses an in-memory PGlite, or PostgreSQL when DATABASE_URL is set.
import type { PrismaClient } from "@/generated/prisma/client";
import { agentStatus } from "@/lib/workspace-agents/agent-status";
import { closeDb, initDb } from "@/lib/db/client";
import { collectAgentMetrics } from "@/lib/metrics/collect-agent-metrics";
import { seedRunningAgents } from "@/lib/metrics/testing/seed-agents";

const WORKSPACES = Number(process.argv[2] ?? 2500);
const AGENTS_PER_WORKSPACE = Number(process.argv[3] ?? 4);
const RUNS = Number(process.argv[4] ?? 5);
const TIMEOUT_MS = 30_000;
const MARGIN_MS = 1000;

const database = await initDb(process.env.DATABASE_URL ? { kind: "postgres", url: process.env.DATABASE_URL } : { kind: "pglite", dataDir: null });
const prisma = database.prisma;

let queries = 0;
const counting = {
  $queryRaw: (...args: Parameters<PrismaClient["$queryRaw"]>) => {
    queries += 1;
    return prisma.$queryRaw(...args);
  },
} as Pick<PrismaClient, "$queryRaw">;

/** The naive collector: every agent on its own, each with a fresh clock and its own app query. */
async function naiveCollection() {
  const agents = await prisma.workspaceAgent.findMany({
    where: { resource: { job: { build: { transition: "start", workspace: { deleted: false } } } } },
  });
  let disconnected = 0;
  for (const agent of agents) {
    await prisma.workspaceApp.findMany({ where: { agentId: agent.id } });
    if (agentStatus({ agent, now: new Date(), inactivityTimeoutMs: TIMEOUT_MS }) !== "connected") disconnected += 1;
  }
  return { agents: agents.length, disconnected };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const seededAt = Date.now();
const { agents } = await seedRunningAgents({
  workspaces: WORKSPACES,
  agentsPerWorkspace: AGENTS_PER_WORKSPACE,
  lastHeartbeatAt: new Date(seededAt - TIMEOUT_MS + MARGIN_MS + 60_000),
});
console.log(`seeded ${agents} agents in ${WORKSPACES} workspaces in ${Date.now() - seededAt} ms (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`);

// Each pass starts with the heartbeats MARGIN_MS inside the timeout (as if they were just sent).
const resetHeartbeats = () =>
  prisma.$executeRaw`UPDATE workspace_agents SET "lastConnectedAt" = ${new Date(Date.now() - TIMEOUT_MS + MARGIN_MS)}`;

const durations: number[] = [];
let disconnected = 0;
for (let run = 0; run < RUNS; run++) {
  await resetHeartbeats();
  queries = 0;
  const started = performance.now();
  const snapshot = await collectAgentMetrics({ now: new Date(), inactivityTimeoutMs: TIMEOUT_MS, prisma: counting });
  durations.push(performance.now() - started);
  disconnected = Math.max(disconnected, snapshot.connections.filter((c) => c.status !== "connected").length);
}
console.log(
  `kiln (one now, batched): median ${median(durations).toFixed(0)} ms, max ${Math.max(...durations).toFixed(0)} ms over ${RUNS} runs; ` +
    `${queries} queries per collection; ${disconnected} of ${agents} reported disconnected`,
);

await resetHeartbeats();
const naiveStarted = performance.now();
const naive = await naiveCollection();
const naiveMs = performance.now() - naiveStarted;
console.log(
  `naive (now per agent, a query per agent): ${naiveMs.toFixed(0)} ms for one collection; ${naive.agents + 1} queries; ` +
    `${naive.disconnected} of ${naive.agents} healthy agents reported disconnected (heartbeats ${MARGIN_MS} ms inside the timeout)`,
);
await closeDb();
