import { Wakeup } from "@/lib/sse/wait-for-signal";

/** What the agent wait adds to a tool result (docs/chat-tools.md, "Agent ready wait"). */
export type AgentWaitFields =
  | Record<string, never>
  | { agent_status: "not_ready"; agent_error: string }
  | { startup_scripts: "startup_scripts_failed"; lifecycle_state: string }
  | { startup_scripts: "startup_scripts_timeout" | "startup_scripts_unknown" };

export type AgentWaitDeps = {
  /** The agent's registered address and lifecycle state, read fresh. */
  readAgent: () => Promise<{ address: string | null; lifecycleState: string }>;
  /** One real round trip to the agent. */
  dial: (address: string, timeoutMs: number, signal?: AbortSignal) => Promise<{ ok: true } | { ok: false; error: string }>;
  /** Calls `onChange` whenever the agent's row changes; returns the unsubscribe. */
  subscribe: (onChange: () => void) => Promise<() => void>;
};

export type AgentWaitOptions = {
  /** Phase 1 runs only when this server can reach agents over the network. */
  canDial: boolean;
  connectTimeoutMs: number;
  dialIntervalMs: number;
  dialAttemptTimeoutMs: number;
  startupTimeoutMs: number;
  recheckMs: number;
  /** Skip phase 1 (the agent was seen connected moments ago). */
  skipDial?: boolean;
  signal?: AbortSignal;
  now?: () => number;
};

const STARTING = new Set(["created", "starting"]);

/**
 * The two-phase agent wait. Phase 1 dials the agent until a dial succeeds (event-driven: a
 * connect notification dials at once, else every interval). Phase 2 waits for the lifecycle to
 * leave created/starting. Never returns both agent_status and startup_scripts.
 */
export async function waitForAgentReady(deps: AgentWaitDeps, options: AgentWaitOptions): Promise<AgentWaitFields> {
  const now = options.now ?? Date.now;
  const wakeup = new Wakeup();
  const unsubscribe = await deps.subscribe(wakeup.notify);
  try {
    if (options.canDial && !options.skipDial) {
      const dialed = await dialUntilConnected(deps, options, wakeup, now);
      if (dialed) return dialed;
    }
    const deadline = now() + options.startupTimeoutMs;
    for (;;) {
      if (options.signal?.aborted) return { startup_scripts: "startup_scripts_unknown" };
      const { lifecycleState } = await deps.readAgent();
      if (lifecycleState === "ready") return {};
      if (!STARTING.has(lifecycleState)) return { startup_scripts: "startup_scripts_failed", lifecycle_state: lifecycleState };
      const left = deadline - now();
      if (left <= 0) return { startup_scripts: "startup_scripts_timeout" };
      await wakeup.wait(Math.min(left, options.recheckMs), options.signal);
    }
  } finally {
    unsubscribe();
  }
}

async function dialUntilConnected(
  deps: AgentWaitDeps,
  options: AgentWaitOptions,
  wakeup: Wakeup,
  now: () => number,
): Promise<AgentWaitFields | null> {
  const deadline = now() + options.connectTimeoutMs;
  let lastError = "the agent has not connected yet";
  for (;;) {
    if (options.signal?.aborted) return { agent_status: "not_ready", agent_error: "the wait was canceled" };
    const { address } = await deps.readAgent();
    // docs/chat-tools.md, "Agent ready wait" (up to 2 min): no attempt starts once the time is up, so the error reported is the last
    // real attempt's, not that of a 1 ms sliver dialled at the deadline.
    const remaining = deadline - now();
    if (address && remaining > 0) {
      const attempt = Math.min(options.dialAttemptTimeoutMs, remaining);
      const result = await deps.dial(address, attempt, options.signal);
      if (result.ok) return null;
      lastError = result.error;
    }
    const left = deadline - now();
    if (left <= 0) return { agent_status: "not_ready", agent_error: lastError };
    // Waking on a notification (the agent registered an address) dials at once.
    await wakeup.wait(Math.min(left, address ? options.dialIntervalMs : options.recheckMs), options.signal);
  }
}
