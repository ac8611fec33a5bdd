import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { stopProcessGroup } from "./process-group";

export type ProvisionerDaemon = { dataDir: string; stop(): Promise<void> };

/** How long the daemon gets to connect, migrate and log that it is ready. */
const READY_TIMEOUT_MS = 60_000;

/**
 * Starts a separate provisioner daemon (`npm run provisioner`, scripts/provisioner.ts) on the
 * PostgreSQL of `databaseUrl`. `accessUrl` is the server its agents call. Its data folder (the
 * workspaces, and the agents' pid files) lives under the run's, so the global teardown stops the
 * agents it started. Resolves once it logs that it is ready to claim jobs.
 */
export async function startProvisionerDaemon({
  name,
  databaseUrl,
  accessUrl,
}: {
  name: string;
  databaseUrl: string;
  accessUrl: string;
}): Promise<ProvisionerDaemon> {
  const dataDir = path.join(process.env.KILN_E2E_DATA_DIR!, "servers", name);
  mkdirSync(dataDir, { recursive: true });
  // The same command as the package.json script, without npm in between: signals reach it directly.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/provisioner.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, KILN_DATA_DIR: dataDir, KILN_ACCESS_URL: accessUrl },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const keep = (chunk: Buffer) => {
      output = `${output}${chunk.toString()}`.slice(-20_000);
      // lib/provisioner/provisioner.ts logs this once it listens for jobs.
      if (/^provisioner: \S+ ready\b/m.test(output)) resolve();
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    child.once("exit", (code, signal) => reject(new Error(`provisioner daemon (${name}) exited with ${code ?? signal}:\n${output}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`provisioner daemon (${name}) was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`)), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    await stopProcessGroup(child);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { dataDir, stop: () => stopProcessGroup(child) };
}
