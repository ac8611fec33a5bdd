import { describe, expect, it } from "vitest";
import { agentStatus, type AgentConnectionTimes } from "./agent-status";
import { nextAgentStatusChange } from "./next-agent-status-change";

// The deadline a follower sleeps until must be exactly where agentStatus changes its answer: a
// moment early costs a read, a moment late shows a stale status.
const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
const INACTIVITY_MS = 10_000;
const base: AgentConnectionTimes = { createdAt: at(0), firstConnectedAt: null, lastConnectedAt: null, disconnectedAt: null, connectionTimeoutSeconds: 0 };
const status = (agent: AgentConnectionTimes, now: Date) => agentStatus({ agent, now, inactivityTimeoutMs: INACTIVITY_MS });

describe("nextAgentStatusChange", () => {
  const cases: [string, AgentConnectionTimes, number, string, string][] = [
    ["a connected agent turns disconnected when its heartbeat ages", { ...base, firstConnectedAt: at(1000), lastConnectedAt: at(5000) }, 6000, "connected", "disconnected"],
    ["a connecting agent times out", { ...base, connectionTimeoutSeconds: 30 }, 1000, "connecting", "timeout"],
    ["a reconnected agent (disconnect before its last connection) ages too", { ...base, firstConnectedAt: at(0), lastConnectedAt: at(8000), disconnectedAt: at(4000) }, 9000, "connected", "disconnected"],
  ];
  it.each(cases)("%s: the status changes at the deadline and not a millisecond before", (_, agent, nowMs, before, after) => {
    const now = at(nowMs);
    const deadline = nextAgentStatusChange({ agent, now, inactivityTimeoutMs: INACTIVITY_MS });
    expect(deadline).not.toBeNull();
    expect(status(agent, now)).toBe(before);
    expect(status(agent, new Date(deadline!.getTime() - 1))).toBe(before);
    expect(status(agent, deadline!)).toBe(after);
  });

  it("time alone changes nothing for an agent that cannot time out, one disconnected or one timed out", () => {
    const now = at(1000);
    expect(nextAgentStatusChange({ agent: base, now, inactivityTimeoutMs: INACTIVITY_MS })).toBeNull();
    const disconnected = { ...base, firstConnectedAt: at(0), lastConnectedAt: at(100), disconnectedAt: at(200) };
    expect(nextAgentStatusChange({ agent: disconnected, now, inactivityTimeoutMs: INACTIVITY_MS })).toBeNull();
    const timedOut = { ...base, connectionTimeoutSeconds: 1 };
    expect(nextAgentStatusChange({ agent: timedOut, now: at(5000), inactivityTimeoutMs: INACTIVITY_MS })).toBeNull();
    const aged = { ...base, firstConnectedAt: at(0), lastConnectedAt: at(0) };
    expect(nextAgentStatusChange({ agent: aged, now: at(INACTIVITY_MS + 1), inactivityTimeoutMs: INACTIVITY_MS })).toBeNull();
  });
});
