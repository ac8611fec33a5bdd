import "server-only";

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs `stop` on SIGTERM and SIGINT before the handlers installed earlier — `next start`'s, which
 * close the HTTP server and exit at once, cutting builds and their logs short — then hands the
 * signal over to them. With none (a script of our own), the process exits itself. A repeated
 * signal (Ctrl-C reaches npm and the server, and npm passes it on) changes nothing.
 */
export function handOverSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const earlier = process.listeners(signal);
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void stop()
        .catch((error: unknown) => console.error("kiln: stopping failed:", error))
        .finally(() => {
          if (earlier.length === 0) process.exit(EXIT_CODES[signal]);
          for (const listener of earlier) listener(signal);
        });
    });
  }
}
