import type { AgentConnectionTimes } from "./agent-status";

/**
 * The first instant after `now` at which `agentStatus` would answer differently with no change to
 * the row (time alone: a connected agent's heartbeat ages past the inactivity timeout, a
 * connecting agent runs out of its connection timeout), or null when time alone changes nothing.
 * A follower re-reads at this deadline instead of polling. Timeouts count once strictly exceeded,
 * hence the millisecond after the boundary (docs/chat-tools.md, "Agent status").
 */
export function nextAgentStatusChange({
  agent,
  now,
  inactivityTimeoutMs,
}: {
  agent: AgentConnectionTimes;
  now: Date;
  inactivityTimeoutMs: number;
}): Date | null {
  const lastConnectedAt = agent.lastConnectedAt ?? agent.firstConnectedAt;
  let changesAt: number | null = null;
  if (!agent.firstConnectedAt || !lastConnectedAt) {
    const timeoutMs = agent.connectionTimeoutSeconds * 1000;
    if (timeoutMs > 0) changesAt = agent.createdAt.getTime() + timeoutMs + 1;
  } else if (!agent.disconnectedAt || agent.disconnectedAt.getTime() < lastConnectedAt.getTime()) {
    changesAt = lastConnectedAt.getTime() + inactivityTimeoutMs + 1;
  }
  return changesAt !== null && changesAt > now.getTime() ? new Date(changesAt) : null;
}
