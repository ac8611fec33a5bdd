import "server-only";
import { config } from "@/lib/config";
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
}
