// The workspace agent's entry point, run as its own process: `tsx lib/agent-program/main.ts` (see
// lib/workspace-agents/agent-process.ts). Imports stay relative and reach only node built-ins, zod, the
// shared schemas, lib/errors and lib/processes: nothing of the server (Prisma, config, secrets) loads here,
// and nothing depends on the server's path aliases.
import { z } from "zod";
import { runAgent } from "./run-agent";

/** The agent's environment, set by startAgentProcess. */
const envSchema = z.object({
  /** Base URL of the Kiln server's API. */
  KILN_AGENT_URL: z.url(),
  /** The agent's secret; the server knows only its hash. */
  KILN_AGENT_TOKEN: z.string().min(1),
  /** Overrides the heartbeat interval the manifest gives, in ms. */
  KILN_AGENT_HEARTBEAT_MS: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().positive().optional()),
});

const log = (message: string) => process.stdout.write(`${new Date().toISOString()} ${message}\n`);

const env = envSchema.safeParse(process.env);
if (!env.success) {
  log(`invalid environment: ${z.prettifyError(env.error)}`);
  process.exit(2);
}

const shutdown = new AbortController();
// Under tsx both the wrapper and this process may get the signal; aborting twice is harmless.
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => shutdown.abort());

try {
  const code = await runAgent({
    settings: {
      serverUrl: env.data.KILN_AGENT_URL,
      token: env.data.KILN_AGENT_TOKEN,
      heartbeatMs: env.data.KILN_AGENT_HEARTBEAT_MS,
    },
    shutdown: shutdown.signal,
    log,
  });
  // Exits even though startup scripts may have left processes (a dev server) behind.
  process.exit(code);
} catch (error) {
  log(`agent failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
