import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { stopProcessGroup } from "./process-group";

export type NextServer = { url: string; dataDir: string; stop(): Promise<void> };

/**
 * Starts another server (scripts/start.ts, what `npm start` runs) of the built app on `port` with its own environment (a spec that
 * needs a server configured differently from the run's). Its data folder lives under the run's,
 * so the global teardown stops its agents too. Resolves once /api/v1/healthz answers.
 */
export async function startNextServer({ name, port, env }: { name: string; port: number; env: Record<string, string> }): Promise<NextServer> {
  const dataDir = path.join(process.env.KILN_E2E_DATA_DIR!, "servers", name);
  mkdirSync(dataDir, { recursive: true });
  // `npm start`'s entry (the custom server with the app proxy), as users run it.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, KILN_DATA_DIR: dataDir, DATABASE_URL: "", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => void (output = `${output}${chunk.toString()}`.slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server (${name}) exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(`${url}/api/v1/healthz`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await stopProcessGroup(child);
      throw new Error(`server (${name}) did not answer on ${url} within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, dataDir, stop: () => stopProcessGroup(child) };
}
