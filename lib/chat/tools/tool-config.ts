import "server-only";
import { z } from "zod";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Waits of the chat tools (defaults in docs/chat-tools.md, "Waits"), configurable for tests and slow sites. */
const schema = z.object({
  /** How long a tool waits for a build to finish. */
  KILN_TOOL_BUILD_TIMEOUT_MS: ms(10 * 60_000),
  /** How long a tool keeps dialling an agent. */
  KILN_TOOL_AGENT_CONNECT_TIMEOUT_MS: ms(2 * 60_000),
  /** Pause between two dials. */
  KILN_TOOL_DIAL_INTERVAL_MS: ms(2000),
  /** Longest single dial. */
  KILN_TOOL_DIAL_ATTEMPT_TIMEOUT_MS: ms(5000),
  /** How long a tool waits for startup scripts. */
  KILN_TOOL_STARTUP_TIMEOUT_MS: ms(10 * 60_000),
  /** Fallback re-check of every wait, in case a notification was lost. */
  KILN_TOOL_RECHECK_MS: ms(2000),
  /** Whether this server can reach agents over the network (phase 1 of the agent wait). */
  KILN_TOOL_CAN_DIAL: z.enum(["true", "false"]).default("true"),
});

export type ToolConfig = {
  buildTimeoutMs: number;
  agentConnectTimeoutMs: number;
  dialIntervalMs: number;
  dialAttemptTimeoutMs: number;
  startupTimeoutMs: number;
  recheckMs: number;
  canDial: boolean;
  /**
   * Whether waits subscribe to pubsub (true, always in the product). Benchmarks set false to
   * measure the fallback re-check alone.
   */
  eventDriven: boolean;
  /**
   * Whether a tool takes the agents of the build it waited for from that wait's last read (true,
   * always in the product). Benchmarks set false to measure the earlier design, which read the
   * whole workspace again after the wake-up.
   */
  agentsFromBuildWait: boolean;
};

let cached: ToolConfig | undefined;

export function toolConfig(): ToolConfig {
  if (cached) return cached;
  const env = schema.parse(process.env);
  cached = {
    buildTimeoutMs: env.KILN_TOOL_BUILD_TIMEOUT_MS,
    agentConnectTimeoutMs: env.KILN_TOOL_AGENT_CONNECT_TIMEOUT_MS,
    dialIntervalMs: env.KILN_TOOL_DIAL_INTERVAL_MS,
    dialAttemptTimeoutMs: env.KILN_TOOL_DIAL_ATTEMPT_TIMEOUT_MS,
    startupTimeoutMs: env.KILN_TOOL_STARTUP_TIMEOUT_MS,
    recheckMs: env.KILN_TOOL_RECHECK_MS,
    canDial: env.KILN_TOOL_CAN_DIAL === "true",
    eventDriven: true,
    agentsFromBuildWait: true,
  };
  return cached;
}

/** Overrides for tests and benchmarks. */
export function setToolConfig(next: Partial<ToolConfig>): void {
  cached = { ...toolConfig(), ...next };
}
