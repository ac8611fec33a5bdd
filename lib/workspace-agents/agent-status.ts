/** How an agent's connection looks to users and to the chat tools. */
export type AgentStatus = "connecting" | "connected" | "disconnected" | "timeout";

/** The agent columns the status derives from (a workspace_agents row fits). */
export type AgentConnectionTimes = {
  createdAt: Date;
  firstConnectedAt: Date | null;
  lastConnectedAt: Date | null;
  disconnectedAt: Date | null;
  /** Seconds; 0 = never times out. */
  connectionTimeoutSeconds: number;
};

export type AgentStatusOptions = {
  agent: AgentConnectionTimes;
  /** One `now` per decision, from the caller, so that related checks agree. */
  now: Date;
  /** How long after its last heartbeat a connected agent counts as disconnected. */
  inactivityTimeoutMs: number;
};

/**
 * docs/chat-tools.md, "Agent status": the rules in order. Boundaries: a timeout counts once it is
 * strictly exceeded ("has passed", "older than"), while a disconnect at the same instant as the
 * last connection counts as disconnected ("at or after").
 */
export function agentStatus({ agent, now, inactivityTimeoutMs }: AgentStatusOptions): AgentStatus {
  const nowMs = now.getTime();
  // A row with a first connection but no last one is inconsistent; the first one stands in.
  const lastConnectedAt = agent.lastConnectedAt ?? agent.firstConnectedAt;

  if (!agent.firstConnectedAt || !lastConnectedAt) {
    const timeoutMs = agent.connectionTimeoutSeconds * 1000;
    const isTimedOut = timeoutMs > 0 && nowMs - agent.createdAt.getTime() > timeoutMs;
    return isTimedOut ? "timeout" : "connecting";
  }
  if (agent.disconnectedAt && agent.disconnectedAt.getTime() >= lastConnectedAt.getTime()) return "disconnected";
  if (nowMs - lastConnectedAt.getTime() > inactivityTimeoutMs) return "disconnected";
  return "connected";
}
