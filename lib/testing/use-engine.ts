import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import { setConfig } from "@/lib/config";
import type { Database } from "@/lib/db/client";
import { Provisioner } from "@/lib/provisioner/provisioner";
import { startAgentApiServer } from "./agent-api-server";

/**
 * The real workspace engine for a test file: the agent API over HTTP on 127.0.0.1, a provisioner
 * in this process, workspaces in a temporary data folder. Afterwards the provisioner stops and
 * every agent process of the file's database is shut down.
 */
export function useEngine(getDb: () => Database, { prefix = "kiln-engine-" } = {}) {
  const state: { dataDir: string; provisioner: Provisioner | null; server: Awaited<ReturnType<typeof startAgentApiServer>> | null } = {
    dataDir: mkdtempSync(path.join(os.tmpdir(), prefix)),
    provisioner: null,
    server: null,
  };
  const startProvisioner = async () => {
    state.provisioner = new Provisioner({ concurrency: 4, staleMs: 10_000, log: () => {} });
    await state.provisioner.start();
    return state.provisioner;
  };
  beforeAll(async () => {
    state.server = await startAgentApiServer();
    setConfig({ dataDir: state.dataDir, accessUrl: state.server.url });
    await startProvisioner();
  });
  afterAll(async () => {
    await state.provisioner?.stop();
    const agents = await getDb().prisma.workspaceAgent.findMany({ select: { id: true } });
    await Promise.all(agents.map((agent) => stopAgentProcess({ agentId: agent.id, graceMs: 2000 })));
    await state.server?.close();
  });
  return {
    get dataDir() {
      return state.dataDir;
    },
    /** Stops the provisioner (builds then wait in the queue). */
    stopProvisioner: async () => {
      await state.provisioner?.stop();
      state.provisioner = null;
    },
    startProvisioner,
  };
}
