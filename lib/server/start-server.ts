import "server-only";
import { closeOrphanedToolCalls } from "@/lib/chat/tools/close-orphaned-tool-calls";
import { reapOrphanedToolCalls } from "@/lib/chat/tools/reap-orphaned-tool-calls";
import { reapOrphanedTurns } from "@/lib/chat/turns/reap-orphaned-turns";
import { config } from "@/lib/config";
import { closeLockPool } from "@/lib/db/advisory-lock";
import { closeDb, database } from "@/lib/db/client";
import { DataDirLockedError } from "@/lib/db/data-dir-lock";
import { startMetricsLoop } from "@/lib/metrics/metrics-loop";
import { startProvisioner, stopProvisioner } from "@/lib/provisioner/start-provisioner";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { startAutostopLoop } from "@/lib/workspaces/autostop-loop";
import { createAppProxy } from "@/lib/workspace-apps/app-proxy";
import { setAppProxy } from "./app-proxy-hook";
import { handOverSignals } from "./hand-over-signals";
import { setServerStop, SIGNALS_OWNED_VARIABLE, stopServer } from "./server-stop";
import { stampConnectionAddress } from "./stamp-connection-address";

/** The error of builds the server's provisioner was running when the server stopped. */
export const SERVER_STOPPED_ERROR = "the server stopped during the build";

/**
 * Opens the database at server start and starts the background work the server owns (the
 * embedded provisioner unless separate daemons do it). A locked embedded folder stops the process.
 * Registers the stop (stopServer) and, unless scripts/start.ts owns the signals, runs it on
 * SIGTERM and SIGINT before Next.js's own handlers exit the process.
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
  // On the embedded database this process is the only provisioner: jobs found running are its
  // previous run's, abandoned by a crash, and fail at once.
  if (config().embeddedProvisioner) await startProvisioner({ sole: isEmbedded, stoppedError: SERVER_STOPPED_ERROR });
  const appProxy = createAppProxy();
  setAppProxy(appProxy);
  const stopAutostop = startAutostopLoop();
  const stopTurnReaper = startTurnReaper(isEmbedded);
  const stopMetrics = startMetricsLoop({ intervalMs: config().metricsIntervalMs });
  setServerStop(async () => {
    console.log("kiln: stopping (running builds end, their logs are stored)…");
    stopTurnReaper();
    stopMetrics();
    appProxy.close();
    await stopAutostop();
    await stopProvisioner();
    await closeLockPool();
    await closePubSub();
    await closeDb();
    console.log("kiln: stopped");
  });
  if (process.env[SIGNALS_OWNED_VARIABLE] !== "1") handOverSignals(stopServer);
}

/**
 * Fails turns and marks interrupted tools API calls cut off by a crashed server, periodically, on
 * any database. At start on the embedded database every running turn and every waiting tool call
 * is an orphan (one process owns it): they end at once.
 */
function startTurnReaper(isEmbedded: boolean): () => void {
  const { chatStaleMs } = config();
  const reap = async (staleMs: number) => {
    const now = new Date();
    await reapOrphanedTurns({ now, staleMs }).catch((error: unknown) => console.error("turn reaper failed:", error));
    await reapOrphanedToolCalls({ now, staleMs }).catch((error: unknown) => console.error("tool call reaper failed:", error));
  };
  // In order: the reapers close their turns' and calls' parts, then any call left (one recorded
  // before calls had owners) is closed.
  void reap(isEmbedded ? 0 : chatStaleMs).then(() =>
    isEmbedded ? closeOrphanedToolCalls().catch((error: unknown) => console.error("closing orphaned tool calls failed:", error)) : undefined,
  );
  const timer = setInterval(() => void reap(chatStaleMs), chatStaleMs / 2);
  return () => clearInterval(timer);
}
