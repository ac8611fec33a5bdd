// Benchmark: the cost of the workspace sandbox (issue 11), in one run —
//   1. time to ready of `quick` (create → agent ready) with the sandbox and without, interleaved;
//   2. the start-up time the sandbox adds to one process: `bash -c true` in a workspace's sandbox
//      (launcher, cgroup join, bwrap, namespaces) against plain;
//   3. the resident memory of an idle agent (its node process, 3 s after ready), per node flag set.
// Goals: quick ready ≤ 1 s with the sandbox, ≤ 30 ms added per process, idle agent ≤ 25 MB.
// Not a test; run by hand (as root with bubblewrap installed, like the server):
//   node --conditions=react-server --import tsx bench/sandbox-cost.ts [readyRuns=5] [processRuns=50]
// Uses an in-memory PGlite, or PostgreSQL when DATABASE_URL is set.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setConfig } from "@/lib/config";
import { closeDb, initDb } from "@/lib/db/client";
import { Provisioner } from "@/lib/provisioner/provisioner";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { hostProcessesWithArgument } from "@/lib/sandbox/testing/host-processes";
import { spawnSandboxed } from "@/lib/sandbox/spawn-sandboxed";
import { resolveIsolation, setWorkspaceIsolation } from "@/lib/sandbox/workspace-isolation";
import { prepareWorkspaceSandbox } from "@/lib/sandbox/workspace-sandbox";
import { removeWorkspaceLimits } from "@/lib/sandbox/workspace-limits";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import { startAgentApiServer } from "@/lib/testing/agent-api-server";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { AGENT_NODE_FLAGS, setAgentNodeFlags, stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

const READY_RUNS = Number(process.argv[2] ?? 5);
const PROCESS_RUNS = Number(process.argv[3] ?? 50);
const IDLE_MS = 3000;

const sandboxed = await resolveIsolation({ setting: "required" });
if (sandboxed.mode !== "sandbox") throw new Error(`the sandbox does not work here: ${sandboxed.reason}`);
const unsandboxed = { mode: "none" as const, reason: "benchmark", required: false };

const database = await initDb(process.env.DATABASE_URL ? { kind: "postgres", url: process.env.DATABASE_URL } : { kind: "pglite", dataDir: null });
const prisma = database.prisma;
const server = await startAgentApiServer();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-sbx-"));
setConfig({ dataDir, accessUrl: server.url });
const provisioner = new Provisioner({ concurrency: 4, staleMs: 30_000, log: () => {} });
await provisioner.start();

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;
const p90 = (values: number[]) => sorted(values)[Math.min(values.length - 1, Math.ceil(values.length * 0.9) - 1)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

const quick = (await listExampleTemplates()).find((t) => t.spec.name === "quick")!;
const { actor, templateId } = await seedUserWithTemplate({ spec: quick.spec });
let created = 0;

/** Creates a `quick` workspace; resolves with the ms until its agent is ready, and the agent's id. */
async function quickReady(): Promise<{ readyMs: number; agentId: string }> {
  const started = performance.now();
  const workspace = await createWorkspace({ input: { templateId, name: `quick-${++created}` }, actor });
  const agent = await eventually(
    async () => {
      const found = await prisma.workspaceAgent.findFirst({ where: { resource: { job: { build: { workspaceId: workspace.id } } } } });
      if (found && ["start_error", "start_timeout"].includes(found.lifecycleState)) throw new Error(`quick ended in ${found.lifecycleState}`);
      return found?.lifecycleState === "ready" ? found : null;
    },
    { timeoutMs: 60_000, intervalMs: 5, what: "the agent to be ready" },
  );
  return { readyMs: performance.now() - started, agentId: agent.id };
}

// 1. Time to ready, with and without the sandbox, interleaved so that load affects both alike.
const ready: Record<"sandbox" | "none", number[]> = { sandbox: [], none: [] };
await quickReady().then(({ agentId }) => stopAgentProcess({ agentId, graceMs: 2000 })); // warm-up (bundle, caches)
for (let run = 0; run < READY_RUNS; run++) {
  for (const isolation of [sandboxed, unsandboxed]) {
    setWorkspaceIsolation(isolation);
    const { readyMs, agentId } = await quickReady();
    ready[isolation.mode].push(readyMs);
    await stopAgentProcess({ agentId, graceMs: 2000 });
  }
}
console.log(
  `quick, create → agent ready (${READY_RUNS} runs each): sandbox median ${ms(median(ready.sandbox))} p90 ${ms(p90(ready.sandbox))}; ` +
    `no sandbox median ${ms(median(ready.none))} p90 ${ms(p90(ready.none))}; goal ≤ 1000 ms with the sandbox`,
);

// 2. Start-up time per process: `bash -c true`, plain and in a workspace's sandbox.
function timed(start: () => ChildProcess): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = start();
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${child.spawnfile} exited with ${code}`))));
  });
}
const home = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-home-"));
const workspace = { id: "00000000-0000-4000-8000-0000000000b1", name: "bench", ownerName: "bench" };
const sandbox = await prepareWorkspaceSandbox({ workspace, home, spec: { network: "none", limits: {} } });
const inside = sandbox.command(["bash", "-c", "true"], { env: {}, dieWithParent: true });
const plain: number[] = [];
const boxed: number[] = [];
for (let i = 0; i < PROCESS_RUNS; i++) {
  plain.push(await timed(() => spawn("/usr/bin/bash", ["-c", "true"], { env: { PATH: "/usr/bin:/bin" } as Record<string, string> as NodeJS.ProcessEnv, stdio: "ignore" })));
  boxed.push(await timed(() => spawnSandboxed(inside, { cwd: home, detached: false, stdio: ["ignore", "ignore", "ignore"] }).child));
}
console.log(
  `bash -c true (${PROCESS_RUNS} runs, limits ${sandbox.limits.kind}): plain median ${ms(median(plain))} p90 ${ms(p90(plain))}; ` +
    `sandboxed median ${ms(median(boxed))} p90 ${ms(p90(boxed))}; added median ${ms(median(boxed) - median(plain))} ` +
    `p90 ${ms(p90(boxed) - p90(plain))}; goal ≤ 30 ms added`,
);
// With outbound network the command waits for the routes that cut the host off and slirp4netns.
const outboundSandbox = await prepareWorkspaceSandbox({ workspace, home, spec: { network: "outbound", limits: {} } });
const outboundInside = outboundSandbox.command(["bash", "-c", "true"], { env: {}, dieWithParent: true });
const outbound: number[] = [];
for (let i = 0; i < PROCESS_RUNS; i++) {
  let network: ReturnType<typeof spawnSandboxed>["network"] = null;
  outbound.push(
    await timed(() => {
      const launched = spawnSandboxed(outboundInside, { cwd: home, detached: false, stdio: ["ignore", "ignore", "ignore"] });
      network = launched.network;
      return launched.child;
    }),
  );
  const outcome = await (network as ReturnType<typeof spawnSandboxed>["network"]);
  if (outcome?.pid == null) throw new Error(`no outbound network: ${outcome && "error" in outcome ? outcome.error : "none"}`);
  process.kill(outcome.pid, "SIGKILL");
}
console.log(`bash -c true with outbound network (${PROCESS_RUNS} runs): median ${ms(median(outbound))} p90 ${ms(p90(outbound))}`);
await removeWorkspaceLimits({ workspaceId: workspace.id });

// 3. Idle agent memory: the node process inside the sandbox, IDLE_MS after ready, per flag set.
// RSS counts the pages of the node binary and its libraries that every agent (and the server)
// shares; what one more workspace costs is its private memory (RssAnon) — PSS splits the shared
// pages among the processes mapping them.
function agentMemoryMb(agentId: string): { rss: number; anon: number; pss: number } {
  const [pid] = hostProcessesWithArgument(`--kiln-agent-id=${agentId}`).filter((candidate) => {
    return readFileSync(`/proc/${candidate}/comm`, "utf8").trim() === "node";
  });
  if (pid === undefined) throw new Error("the agent's node process is gone");
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(text)![1]) / 1024;
  return { rss: kb(status, "VmRSS"), anon: kb(status, "RssAnon"), pss: kb(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"), "Pss") };
}
setWorkspaceIsolation(sandboxed);
const flagSets: string[][] = [
  [],
  ["--max-semi-space-size=1"],
  ["--max-old-space-size=64"],
  ["--v8-pool-size=0"],
  ["--max-semi-space-size=1", "--max-old-space-size=32", "--v8-pool-size=0"],
  AGENT_NODE_FLAGS,
];
for (const flags of flagSets) {
  setAgentNodeFlags(flags);
  const samples: { rss: number; anon: number; pss: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const { agentId } = await quickReady();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    samples.push(agentMemoryMb(agentId));
    await stopAgentProcess({ agentId, graceMs: 2000 });
  }
  const label = flags === AGENT_NODE_FLAGS ? `${flags.join(" ")} (shipped)` : flags.join(" ") || "no flags";
  const figure = (key: "rss" | "anon" | "pss") => median(samples.map((sample) => sample[key])).toFixed(1);
  console.log(`idle agent [${label}]: private (RssAnon) ${figure("anon")} MB, PSS ${figure("pss")} MB, RSS ${figure("rss")} MB (medians of 3); goal ≤ 25 MB`);
}
setAgentNodeFlags(undefined);

await provisioner.stop();
await server.close();
await closePubSub();
await closeDb();
process.exit(0);
