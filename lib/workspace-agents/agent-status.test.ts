import { describe, expect, it } from "vitest";
import { agentStatus, type AgentConnectionTimes, type AgentStatus } from "./agent-status";

const created = new Date("2030-01-01T00:00:00.000Z");
const at = (seconds: number) => new Date(created.getTime() + seconds * 1000);
const INACTIVITY_MS = 60_000;

function agent(overrides: Partial<AgentConnectionTimes> = {}): AgentConnectionTimes {
  return {
    createdAt: created,
    firstConnectedAt: null,
    lastConnectedAt: null,
    disconnectedAt: null,
    connectionTimeoutSeconds: 120,
    ...overrides,
  };
}

const connected = (seconds: number, more: Partial<AgentConnectionTimes> = {}) =>
  agent({ firstConnectedAt: at(seconds), lastConnectedAt: at(seconds), ...more });

describe("agentStatus", () => {
  const cases: { rule: string; agent: AgentConnectionTimes; now: Date; expected: AgentStatus }[] = [
    // Rule 1: never connected.
    { rule: "never connected, just created", agent: agent(), now: at(0), expected: "connecting" },
    { rule: "never connected, within the connection timeout", agent: agent(), now: at(60), expected: "connecting" },
    { rule: "never connected, connection timeout exactly reached", agent: agent(), now: at(120), expected: "connecting" },
    { rule: "never connected, 1 ms past the connection timeout", agent: agent(), now: new Date(at(120).getTime() + 1), expected: "timeout" },
    { rule: "never connected, long past the connection timeout", agent: agent(), now: at(3600), expected: "timeout" },
    {
      rule: "never connected, timeout 0 never times out",
      agent: agent({ connectionTimeoutSeconds: 0 }),
      now: at(365 * 86_400),
      expected: "connecting",
    },
    {
      rule: "never connected wins over a disconnect time",
      agent: agent({ disconnectedAt: at(5) }),
      now: at(10),
      expected: "connecting",
    },
    // Rule 2: disconnected at or after the last connection.
    { rule: "disconnected after the last connection", agent: connected(10, { disconnectedAt: at(20) }), now: at(21), expected: "disconnected" },
    { rule: "disconnected at the same instant as the last connection", agent: connected(10, { disconnectedAt: at(10) }), now: at(11), expected: "disconnected" },
    { rule: "reconnected after an earlier disconnect", agent: agent({ firstConnectedAt: at(1), lastConnectedAt: at(30), disconnectedAt: at(20) }), now: at(31), expected: "connected" },
    {
      rule: "disconnected wins even within the connection timeout",
      agent: connected(1, { disconnectedAt: at(2) }),
      now: at(3),
      expected: "disconnected",
    },
    // Rule 3: last connection older than the inactivity timeout.
    { rule: "last connection exactly the inactivity timeout old", agent: connected(10), now: at(70), expected: "connected" },
    { rule: "last connection 1 ms older than the inactivity timeout", agent: connected(10), now: new Date(at(70).getTime() + 1), expected: "disconnected" },
    { rule: "last connection long ago", agent: connected(10), now: at(10_000), expected: "disconnected" },
    // Rule 4: otherwise connected.
    { rule: "connected just now", agent: connected(10), now: at(10), expected: "connected" },
    { rule: "connected recently", agent: connected(10), now: at(40), expected: "connected" },
    {
      rule: "connected after the connection timeout would have passed",
      agent: connected(500),
      now: at(510),
      expected: "connected",
    },
    {
      rule: "a first connection without a last one counts as the last",
      agent: agent({ firstConnectedAt: at(10) }),
      now: at(20),
      expected: "connected",
    },
  ];

  it.each(cases)("$rule → $expected", ({ agent, now, expected }) => {
    expect(agentStatus({ agent, now, inactivityTimeoutMs: INACTIVITY_MS })).toBe(expected);
  });

  it("uses the inactivity timeout it is given", () => {
    const row = connected(0);
    expect(agentStatus({ agent: row, now: at(5), inactivityTimeoutMs: 4_000 })).toBe("disconnected");
    expect(agentStatus({ agent: row, now: at(5), inactivityTimeoutMs: 5_000 })).toBe("connected");
  });
});
