// No "server-only": scripts/start.ts (the custom server, outside Next's module graphs) calls it.

type StopState = { __kilnServerStop?: () => Promise<void> };
const state = globalThis as unknown as StopState;

/** Marks, in the environment, a server whose wrapper (scripts/start.ts) owns SIGTERM and SIGINT. */
export const SIGNALS_OWNED_VARIABLE = "KILN_SERVER_OWNS_SIGNALS";

/**
 * Registers what stops the server's own work (instrumentation's startServer does). On globalThis:
 * Next.js loads instrumentation in a module graph of its own, apart from the custom server's.
 */
export function setServerStop(stop: () => Promise<void>): void {
  let stopping: Promise<void> | undefined;
  state.__kilnServerStop = () => (stopping ??= stop());
}

/** Stops the server's work (jobs ended, logs stored, database closed); once, however often called. */
export function stopServer(): Promise<void> {
  return state.__kilnServerStop?.() ?? Promise.resolve();
}
