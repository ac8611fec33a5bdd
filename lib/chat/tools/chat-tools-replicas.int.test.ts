import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import type { ReplicaCommand } from "@/lib/chat/testing/tool-replica-process";
import type { ToolCallResult } from "@/lib/chat/schemas";
import { setConfig } from "@/lib/config";
import { closeLockPool } from "@/lib/db/advisory-lock";
import { closeDb, initDb, type Database } from "@/lib/db/client";
import { Provisioner } from "@/lib/provisioner/provisioner";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import { startAgentApiServer } from "@/lib/testing/agent-api-server";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { createScratchDatabase, testDbKind } from "@/lib/testing/test-database";

const REPLICAS = 2;
const CALLS_PER_REPLICA = 10;

const replicas: ChildProcess[] = [];
let database: Database | undefined;
let server: Awaited<ReturnType<typeof startAgentApiServer>> | undefined;
let provisioner: Provisioner | undefined;
let drop = async () => {};

afterAll(async () => {
  for (const replica of replicas) {
    if (replica.exitCode === null && replica.signalCode === null) replica.kill("SIGKILL");
  }
  await provisioner?.stop();
  if (database) {
    const agents = await database.prisma.workspaceAgent.findMany({ select: { id: true } });
    await Promise.all(agents.map((agent) => stopAgentProcess({ agentId: agent.id, graceMs: 2000 })));
  }
  await server?.close();
  await closeLockPool();
  await closePubSub();
  await closeDb();
  await drop();
});

type ReplicaLine = { type: "ready"; pid: number } | { type: "result"; result: ToolCallResult } | { type: "error"; message: string } | { type: "done" };

/** One replica process: resolves `ready` once it is connected, `finished` with its results when it exits. */
function startReplica(command: ReplicaCommand) {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "lib/chat/testing/tool-replica-process.ts", JSON.stringify(command)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  replicas.push(child);
  const results: ToolCallResult[] = [];
  const errors: string[] = [];
  let onReady!: () => void;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    child.once("exit", (code) => reject(new Error(`replica exited before it was ready (${code})`)));
  });
  createInterface({ input: child.stdout! }).on("line", (text) => {
    if (!text.startsWith("{")) return;
    const line = JSON.parse(text) as ReplicaLine;
    if (line.type === "ready") onReady();
    else if (line.type === "result") results.push(line.result);
    else if (line.type === "error") errors.push(line.message);
  });
  const finished = new Promise<{ results: ToolCallResult[]; errors: string[] }>((resolve, reject) => {
    child.once("exit", (code) => (code === 0 ? resolve({ results, errors }) : reject(new Error(`replica exited with ${code}: ${errors.join("\n")}`))));
  });
  return { ready, finished, go: () => child.stdin!.end("go\n") };
}

// Replicas are separate processes on one database: PostgreSQL only (PGlite has one owner).
describe.skipIf(testDbKind !== "postgres")("create_workspace on two server replicas", () => {
  it("20 parallel calls on one chat, split over two processes, make one workspace and answer one workspace_name", async () => {
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    database = await initDb({ kind: "postgres", url: scratch.url });
    const prisma = database.prisma;

    // This process is the replica that runs the provisioner and serves the agent API.
    server = await startAgentApiServer();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-replicas-"));
    setConfig({ dataDir, accessUrl: server.url });
    provisioner = new Provisioner({ concurrency: 4, staleMs: 10_000, log: () => {} });
    await provisioner.start();

    const quick = (await listExampleTemplates()).find((t) => t.spec.name === "quick")!;
    const { actor, templateId, organizationId } = await seedUserWithTemplate({ spec: quick.spec });
    const chat = await prisma.chat.create({ data: { ownerId: actor.id, organizationId } });

    const command: ReplicaCommand = {
      databaseUrl: scratch.url,
      dataDir,
      accessUrl: server.url,
      chatId: chat.id,
      actor,
      templateId,
      count: CALLS_PER_REPLICA,
    };
    const started = Array.from({ length: REPLICAS }, () => startReplica(command));
    await Promise.all(started.map((replica) => replica.ready));
    for (const replica of started) replica.go();
    const finished = await Promise.all(started.map((replica) => replica.finished));

    expect(finished.flatMap((f) => f.errors)).toEqual([]);
    // Both processes answered their share.
    expect(finished.map((f) => f.results.length)).toEqual(Array(REPLICAS).fill(CALLS_PER_REPLICA));
    const results = finished.flatMap((f) => f.results);
    expect(results).toHaveLength(REPLICAS * CALLS_PER_REPLICA);
    expect(results.filter((r) => r.isError)).toEqual([]);
    const outputs = results.map((r) => r.output as { created?: boolean; workspace_name?: string; error?: string });
    expect(outputs.filter((o) => o.error)).toEqual([]);
    expect(outputs.filter((o) => o.created === true)).toHaveLength(1);

    const workspaces = await prisma.workspace.findMany({ where: { ownerId: actor.id, deleted: false } });
    expect(workspaces).toHaveLength(1);
    expect([...new Set(outputs.map((o) => o.workspace_name))]).toEqual([`${actor.username}/${workspaces[0]!.name}`]);
    expect(await prisma.workspaceBuild.count()).toBe(1);
    expect(await prisma.chat.findUniqueOrThrow({ where: { id: chat.id }, select: { workspaceId: true } })).toEqual({
      workspaceId: workspaces[0]!.id,
    });
  });
});
