// The workspace agent's entry point, run as its own process: `node generated/agent/agent.mjs`,
// bundled from this file (lib/workspace-agents/agent-bundle.ts; see lib/workspace-agents/agent-process.ts).
// Imports stay relative and reach only node built-ins, zod, the shared schemas, lib/errors and
// lib/processes: nothing of the server (Prisma, config, secrets) loads here,
// and nothing depends on the server's path aliases.
import { z } from "zod";
import { runAgent } from "./run-agent";

/** The agent's environment, set by startAgentProcess. */
const envSchema = z.object({
  /** Base URL of the Kiln server's API. */
  KILN_AGENT_URL: z.url(),
  /** The agent's secret; the server knows only its hash. */
  KILN_AGENT_TOKEN: z.string().min(1),
  /** A unix socket that reaches the API (a sandbox's relay); unset = KILN_AGENT_URL directly. */
  KILN_AGENT_API_SOCKET: z.string().min(1).optional(),
  /** The unix socket the agent's own listener uses; unset = 127.0.0.1 and a free port. */
  KILN_AGENT_LISTEN: z.string().min(1).optional(),
  /** The address registered for the server to dial, when it is not `unix:<KILN_AGENT_LISTEN>`. */
  KILN_AGENT_ADDRESS: z.string().min(1).optional(),
  /** The sandbox cgroup's memory counter file and its limit: a script killed for memory is logged as such. */
  KILN_AGENT_MEMORY_EVENTS: z.string().min(1).optional(),
  KILN_AGENT_MEMORY_LIMIT_MB: z.coerce.number().int().positive().optional(),
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
// The whole process group may get the signal more than once; aborting twice is harmless.
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => shutdown.abort());

try {
  const code = await runAgent({
    settings: {
      serverUrl: env.data.KILN_AGENT_URL,
      token: env.data.KILN_AGENT_TOKEN,
      apiSocket: env.data.KILN_AGENT_API_SOCKET,
      listenSocket: env.data.KILN_AGENT_LISTEN,
      address: env.data.KILN_AGENT_ADDRESS,
      heartbeatMs: env.data.KILN_AGENT_HEARTBEAT_MS,
      memory:
        env.data.KILN_AGENT_MEMORY_EVENTS && env.data.KILN_AGENT_MEMORY_LIMIT_MB
          ? { eventsFile: env.data.KILN_AGENT_MEMORY_EVENTS, limitMb: env.data.KILN_AGENT_MEMORY_LIMIT_MB }
          : undefined,
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
