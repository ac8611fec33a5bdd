import "server-only";
import { config } from "@/lib/config";
import { closeLockPool } from "@/lib/db/advisory-lock";
import { closeDb, database } from "@/lib/db/client";
import { DataDirLockedError } from "@/lib/db/data-dir-lock";
import { startProvisioner, stopProvisioner } from "@/lib/provisioner/start-provisioner";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { startAutostopLoop } from "@/lib/workspaces/autostop-loop";

/**
 * Opens the database at server start and starts the background work the server owns (the
 * embedded provisioner unless separate daemons do it). A locked embedded folder stops the process.
 */
export async function startServer(): Promise<void> {
  try {
    const { target } = await database();
    console.log(target.kind === "postgres" ? "kiln: database PostgreSQL" : `kiln: embedded database in ${config().dataDir}`);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`kiln: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (config().embeddedProvisioner) await startProvisioner();
  const stopAutostop = startAutostopLoop();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void shutdown(stopAutostop).finally(() => process.exit(0));
    });
  }
}

async function shutdown(stopAutostop: () => Promise<void>): Promise<void> {
  await stopAutostop();
  await stopProvisioner();
  await closeLockPool();
  await closePubSub();
  await closeDb();
}
