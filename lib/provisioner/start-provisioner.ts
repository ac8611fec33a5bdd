import "server-only";
import { config } from "@/lib/config";
import { isolationLine, workspaceIsolation } from "@/lib/sandbox/workspace-isolation";
import { closeAllAgentApiRelays, restoreAgentApiRelays } from "./agent-api-relay";
import { Provisioner } from "./provisioner";

const globalState = globalThis as unknown as { __kilnProvisioner?: Provisioner };

/**
 * Starts this process's provisioner once (the server's embedded one, or the daemon's). `sole`:
 * no other provisioner shares the database (see ProvisionerOptions).
 */
export async function startProvisioner({ sole = false, stoppedError }: { sole?: boolean; stoppedError?: string } = {}): Promise<Provisioner> {
  if (globalState.__kilnProvisioner) return globalState.__kilnProvisioner;
  const cfg = config();
  const provisioner = new Provisioner({ concurrency: cfg.provisionerConcurrency, staleMs: cfg.provisionerStaleMs, sole, stoppedError });
  globalState.__kilnProvisioner = provisioner;
  const isolation = await workspaceIsolation();
  (isolation.mode === "sandbox" ? console.log : console.warn)(isolationLine(isolation));
  // Agents outlive a provisioner: those still running get their API relay back.
  await restoreAgentApiRelays();
  await provisioner.start();
  return provisioner;
}

/** Whether this process runs a provisioner (the server's embedded one, or the daemon's). */
export function isProvisionerRunning(): boolean {
  return globalState.__kilnProvisioner !== undefined;
}

export async function stopProvisioner(): Promise<void> {
  const provisioner = globalState.__kilnProvisioner;
  globalState.__kilnProvisioner = undefined;
  await provisioner?.stop();
  if (provisioner) await closeAllAgentApiRelays();
}
