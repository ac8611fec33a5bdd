// Benchmark: `execute "true"` through the chat tools API (POST /api/v1/chats/:id/tools/execute,
// called in-process as Next.js would), and where its time goes. Goal (issue 13): p50 ≤ 30 ms, p99 ≤ 80 ms.
// Not a test; run by hand:
//   node --conditions=react-server --import tsx bench/workspace-tools.ts [calls=200]
// Uses an in-memory PGlite, or PostgreSQL when DATABASE_URL is set. One `quick` workspace in the
// sandbox (as the product runs it), one chat, calls one after another.
//
// Lines:
//   tool round trip      the whole API call: session, chat, recording the call in the transcript,
//                        the chat's agent (one query), registering the process, the agent, the result.
//   agent call           the same start request straight to the agent's socket (callAgent): the
//                        relay (HTTP over the unix socket, dial secret) plus the agent's work.
//   agent spawn→exit     the agent's own measure of `sh -c true` in the sandbox (wallDurationMs).
//   host spawn→exit      `sh -c true` spawned by this process, outside the sandbox, as the agent
//                        spawns it: what the machine charges for a process, whatever Kiln does.
//   chat agent lookup    chatAgentOrError alone: the one query the tools add before the agent.
//   register process     the chat_processes insert before the start.
//   transcript start+end recording the call and its result (as every tool call is recorded): one
//                        statement each, the start also being the check that the chat is mine.
// Each line also prints the database work per call (bench/count-db-work.ts): statements (round
// trips, BEGIN and COMMIT included), transactions and publishes. The tool round trip's include the
// agent's own output report of the process (its request lands beside the next call's).
// The rest of the tool round trip is the API itself (session, route) and that report.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { POST as runTool } from "@/app/api/v1/chats/[chatId]/tools/[tool]/route";
import { createSession } from "@/lib/auth/create-session";
import { chatAgentOrError } from "@/lib/chat/tools/chat-agent-or-error";
import { registerChatProcess } from "@/lib/chat/processes/register-chat-process";
import { recordToolCallEnd, recordToolCallStart, type ToolPart } from "@/lib/chat/tools/record-tool-call";
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import { setToolConfig } from "@/lib/chat/tools/tool-config";
import { setConfig } from "@/lib/config";
import { closeLockPool } from "@/lib/db/advisory-lock";
import { closeDb, initDb } from "@/lib/db/client";
import { Provisioner } from "@/lib/provisioner/provisioner";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import { countDbWork, type DbWork } from "./count-db-work";
import { startAgentApiServer } from "@/lib/testing/agent-api-server";
import { callRoute } from "@/lib/testing/call-route";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import { callAgent } from "@/lib/workspace-agents/call-agent";
import { processOutputSchema } from "@/lib/workspace-agents/workspace-api-schemas";

const CALLS = Number(process.argv[2] ?? 200);
const WARMUP = 10;

const database = await initDb(process.env.DATABASE_URL ? { kind: "postgres", url: process.env.DATABASE_URL } : { kind: "pglite", dataDir: null });
const prisma = database.prisma;
const server = await startAgentApiServer();
setConfig({ dataDir: mkdtempSync(path.join(os.tmpdir(), "kiln-bench-")), accessUrl: server.url });
setToolConfig({ buildTimeoutMs: 120_000, agentConnectTimeoutMs: 60_000, startupTimeoutMs: 60_000 });
const provisioner = new Provisioner({ concurrency: 1, staleMs: 30_000, log: () => {} });
await provisioner.start();

const quick = (await listExampleTemplates()).find((t) => t.spec.name === "quick")!.spec;
const seeded = await seedUserWithTemplate({ spec: quick });
const { secret: session } = await createSession({ userId: seeded.actor.id });
const chat = await prisma.chat.create({ data: { ownerId: seeded.actor.id, organizationId: seeded.organizationId } });
const created = await runChatTool({ chatId: chat.id, actor: seeded.actor, tool: "create_workspace", input: { template_id: seeded.templateId } });
if (created.isError || !(created.output as { created?: boolean }).created) throw new Error(`create_workspace: ${JSON.stringify(created.output)}`);
const ctx = { chatId: chat.id, actor: seeded.actor, organizationId: seeded.organizationId };
const agent = await chatAgentOrError(ctx);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  const f = (x: number) => x.toFixed(1);
  const work = workPerCall.get(label);
  const perCall = work ? `  per call: ${work.statements.toFixed(1)} statements, ${work.transactions.toFixed(1)} transactions, ${work.publishes.toFixed(1)} publishes` : "";
  return `${label.padEnd(20)} n=${sorted.length}  p50=${f(percentile(sorted, 50))} ms  p90=${f(percentile(sorted, 90))} ms  p99=${f(percentile(sorted, 99))} ms  max=${f(sorted.at(-1)!)} ms  mean=${f(mean)} ms${perCall}`;
}
async function timed(one: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await one();
  return performance.now() - start;
}
const readWork = await countDbWork(database);
/** Per line: the database work of one call (the agent's own report of its process included). */
const workPerCall = new Map<string, DbWork>();
async function series(label: string, count: number, one: () => Promise<number>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await one();
  const before = readWork();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await one());
  const after = readWork();
  workPerCall.set(label, {
    statements: (after.statements - before.statements) / count,
    transactions: (after.transactions - before.transactions) / count,
    publishes: (after.publishes - before.publishes) / count,
  });
  return samples;
}

const spawnToExit: number[] = [];
const tool = await series("tool round trip", CALLS, async () => {
  let output: { exit_code?: number; wall_duration_ms?: number } = {};
  const ms = await timed(async () => {
    const response = await callRoute(runTool, { session, params: { chatId: chat.id, tool: "execute" }, body: { input: { command: "true" } } });
    output = response.body.output;
  });
  if (output.exit_code !== 0) throw new Error(`execute: ${JSON.stringify(output)}`);
  spawnToExit.push(output.wall_duration_ms!);
  return ms;
});
const direct = await series("agent call", CALLS, () =>
  timed(() => callAgent({ agent, method: "POST", path: "/processes", body: { command: "true", id: `b-${randomUUID()}` }, schema: processOutputSchema })),
);
const hostSpawn = await series("host spawn→exit", CALLS, () =>
  timed(
    () =>
      new Promise((resolve) => spawn("/bin/sh", ["-c", "true"], { detached: true, stdio: ["ignore", "pipe", "pipe"] }).once("close", resolve)),
  ),
);
const lookup = await series("chat agent lookup", CALLS, () => timed(() => chatAgentOrError(ctx)));
const register = await series("register process", CALLS, () =>
  timed(() => registerChatProcess({ processId: `b-${randomUUID()}`, chatId: chat.id, agentId: agent.id, toolCallId: randomUUID(), command: "true" })),
);
const transcript = await series("transcript start+end", CALLS, () =>
  timed(async () => {
    const part: ToolPart = { type: "tool-execute", toolCallId: randomUUID(), state: "input-available", input: { command: "true" } };
    const { messageId } = await recordToolCallStart({ chatId: chat.id, actor: seeded.actor, part, now: new Date() });
    await recordToolCallEnd({ chatId: chat.id, messageId, part: { ...part, state: "output-available", output: {} } });
  }),
);

// Let the agent's last output report land before reading the counts.
await new Promise((resolve) => setTimeout(resolve, 500));
console.log(summary("tool round trip", tool));
console.log(summary("agent call", direct));
console.log(summary("agent spawn→exit", spawnToExit.slice(WARMUP)));
console.log(summary("host spawn→exit", hostSpawn));
console.log(summary("chat agent lookup", lookup));
console.log(summary("register process", register));
console.log(summary("transcript start+end", transcript));
const median = (samples: number[]) => percentile([...samples].sort((a, b) => a - b), 50);
const total = median(tool);
const shares = {
  "sandboxed spawn→exit (agent)": median(spawnToExit.slice(WARMUP)),
  "relay + agent HTTP": median(direct) - median(spawnToExit.slice(WARMUP)),
  "server (API, DB, transcript)": total - median(direct),
};
console.log(`\nshares of the median tool round trip (${total.toFixed(1)} ms):`);
for (const [label, ms] of Object.entries(shares)) console.log(`  ${label.padEnd(30)} ${ms.toFixed(1)} ms  (${((ms / total) * 100).toFixed(0)} %)`);
console.log(`\n${database.target.kind}, ${CALLS} calls per line (+${WARMUP} warm-up); ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);

await provisioner.stop();
await stopAgentProcess({ agentId: agent.id, graceMs: 2000 });
await server.close();
await closeLockPool();
await closePubSub();
await closeDb();
process.exit(0);
