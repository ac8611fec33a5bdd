import "server-only";
import { closeOrphanedToolCalls } from "@/lib/chat/close-orphaned-tool-calls";
import { reapOrphanedTurns } from "@/lib/chat/reap-orphaned-turns";
import { TURN_STALE_MS } from "@/lib/chat/turn-worker";
import { config } from "@/lib/config";
import { closeLockPool } from "@/lib/db/advisory-lock";
import { closeDb, database } from "@/lib/db/client";
import { DataDirLockedError } from "@/lib/db/data-dir-lock";
import { startMetricsLoop } from "@/lib/metrics/metrics-loop";
import { startProvisioner, stopProvisioner } from "@/lib/provisioner/start-provisioner";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { startAutostopLoop } from "@/lib/workspaces/autostop-loop";
import { stampConnectionAddress } from "./stamp-connection-address";

/**
 * Opens the database at server start and starts the background work the server owns (the
 * embedded provisioner unless separate daemons do it). A locked embedded folder stops the process.
 */
export async function startServer(): Promise<void> {
  // Before any request is served: the login throttle keys on the connection's address.
  stampConnectionAddress();
  let isEmbedded = false;
  try {
    const { target } = await database();
    isEmbedded = target.kind === "pglite";
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
  const stopTurnReaper = startTurnReaper(isEmbedded);
  const stopMetrics = startMetricsLoop({ intervalMs: config().metricsIntervalMs });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopTurnReaper();
      stopMetrics();
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

/**
 * Fails turns cut off by a crashed server, periodically. At start on the embedded database every
 * running turn and every waiting tool call is an orphan (one process owns it): they end at once.
 */
function startTurnReaper(isEmbedded: boolean): () => void {
  const reap = (staleMs = TURN_STALE_MS) =>
    reapOrphanedTurns({ now: new Date(), staleMs }).catch((error: unknown) => console.error("turn reaper failed:", error));
  // In order: the reaper closes its turns' calls, then any call left (a tools API one) is closed.
  void reap(isEmbedded ? 0 : TURN_STALE_MS).then(() =>
    isEmbedded ? closeOrphanedToolCalls().catch((error: unknown) => console.error("closing orphaned tool calls failed:", error)) : undefined,
  );
  const timer = setInterval(() => void reap(), TURN_STALE_MS / 2);
  return () => clearInterval(timer);
}
