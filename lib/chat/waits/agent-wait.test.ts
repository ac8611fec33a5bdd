import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { waitForAgentReady, type AgentWaitDeps, type AgentWaitFields, type AgentWaitOptions } from "./agent-wait";

// docs/chat-tools.md, "Agent ready wait", on fakes: the agent row, the dial and the pubsub
// subscription are injected, and the clock is vitest's fake one (the wait's `now` and its timers
// both read it), so every interval and timeout below is the documented default, checked to the millisecond.

type DialOutcome = { ok: true } | { ok: false; error: string };

/** Documented defaults (docs/chat-tools.md, "Waits"): connect 2 min, one dial every 2 s, 5 s per attempt, startup 10 min, 2 s re-check. */
const DOCUMENTED_DEFAULTS: AgentWaitOptions = {
  canDial: true,
  connectTimeoutMs: 120_000,
  dialIntervalMs: 2000,
  dialAttemptTimeoutMs: 5000,
  startupTimeoutMs: 600_000,
  recheckMs: 2000,
};

/** An agent row, a dial that answers as told, and the pubsub listener the wait subscribes. */
function fakeAgent({ address = "127.0.0.1:4100" as string | null, lifecycleState = "ready" } = {}) {
  const row = { address, lifecycleState };
  const dials: { at: number; timeoutMs: number }[] = [];
  let listener: (() => void) | null = null;
  let answer: (attempt: number, timeoutMs: number, signal?: AbortSignal) => Promise<DialOutcome> = async () => ({ ok: true });
  const readAgent = vi.fn(async () => ({ ...row }));
  const deps: AgentWaitDeps = {
    readAgent,
    dial: async (_address, timeoutMs, signal) => {
      dials.push({ at: Date.now(), timeoutMs });
      return answer(dials.length, timeoutMs, signal);
    },
    subscribe: async (onChange) => {
      listener = onChange;
      return () => {
        listener = null;
      };
    },
  };
  return {
    deps,
    row,
    dials,
    readAgent,
    answerDials(next: typeof answer) {
      answer = next;
    },
    /** Changes the row and notifies, as the agent API does on connect and lifecycle reports. */
    change(patch: Partial<typeof row>) {
      Object.assign(row, patch);
      listener?.();
    },
    get isSubscribed() {
      return listener !== null;
    },
  };
}

/** Starts the wait and records when (on the fake clock) it settled and with what. */
function start(deps: AgentWaitDeps, options: Partial<AgentWaitOptions> = {}) {
  const startedAt = Date.now();
  const state: { result?: AgentWaitFields; settledAt?: number } = {};
  const promise = waitForAgentReady(deps, { ...DOCUMENTED_DEFAULTS, now: () => Date.now(), ...options }).then((result) => {
    state.result = result;
    state.settledAt = Date.now() - startedAt;
    return result;
  });
  return { promise, state, startedAt };
}

/** A dial that hangs until its own timeout, like one to an agent that never answers. */
const hangingDial = (attempt: number, timeoutMs: number) =>
  new Promise<DialOutcome>((resolve) => setTimeout(() => resolve({ ok: false, error: `dial ${attempt} timed out after ${timeoutMs} ms` }), timeoutMs));

const refused = async (attempt: number): Promise<DialOutcome> => ({ ok: false, error: `connect ECONNREFUSED 127.0.0.1:4100 (attempt ${attempt})` });

const hasBoth = (fields: AgentWaitFields) => "agent_status" in fields && "startup_scripts" in fields;

describe("agent ready wait, phase 1 (dial)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("phase 1 dials the agent until a dial succeeds, then goes on to phase 2", async () => {
    const agent = fakeAgent({ lifecycleState: "ready" });
    agent.answerDials(async (attempt) => (attempt < 3 ? refused(attempt) : { ok: true }));
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(wait.state.result).toEqual({});
    expect(agent.dials).toHaveLength(3);
  });

  it("dials every 2 s (the interval) while the agent refuses", async () => {
    const agent = fakeAgent();
    agent.answerDials(refused);
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(9000);
    expect(agent.dials.map((dial) => dial.at - wait.startedAt)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(wait.state.result).toBeUndefined();
  });

  it("each dial attempt is capped at the attempt timeout (5 s) and never runs past the connect deadline", async () => {
    const agent = fakeAgent({ lifecycleState: "starting" });
    agent.answerDials(hangingDial);
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(wait.state.result).toMatchObject({ agent_status: "not_ready" });
    expect(agent.dials[0]!.timeoutMs).toBe(5000);
    for (const dial of agent.dials) {
      expect(dial.timeoutMs).toBeGreaterThan(0);
      expect(dial.timeoutMs).toBeLessThanOrEqual(5000);
      expect(dial.at - wait.startedAt + dial.timeoutMs).toBeLessThanOrEqual(120_000);
    }
    // Interpretation of "every 2 s, each attempt 5 s at most": the 2 s pause follows the end of an
    // attempt, so a hanging agent is dialled every 7 s, never by overlapping attempts.
    expect(agent.dials[1]!.at - agent.dials[0]!.at).toBe(7000);
  });

  it("timeout → agent_status not_ready with agent_error = the last dial error, and no startup-script wait", async () => {
    // Lifecycle "starting": a phase 2 would keep waiting for up to 10 min; it must not run.
    const agent = fakeAgent({ lifecycleState: "starting" });
    agent.answerDials(refused);
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(119_999);
    expect(wait.state.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    // One dial every 2 s from 0 to 118 s; none starts at the 2 min deadline itself, so the error is
    // the last real attempt's and not that of a 1 ms sliver.
    expect(agent.dials).toHaveLength(60);
    expect(agent.dials.every((dial) => dial.at - wait.startedAt < 120_000)).toBe(true);
    expect(wait.state).toEqual({
      result: { agent_status: "not_ready", agent_error: "connect ECONNREFUSED 127.0.0.1:4100 (attempt 60)" },
      settledAt: 120_000,
    });
    expect(agent.isSubscribed).toBe(false);
  });

  it("timeout before the agent registered an address → not_ready with a message saying it never connected (no dial made)", async () => {
    const agent = fakeAgent({ address: null, lifecycleState: "created" });
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(wait.state.result).toEqual({ agent_status: "not_ready", agent_error: "the agent has not connected yet" });
    expect(agent.dials).toEqual([]);
  });

  it("phase 1 is skipped when the server cannot dial agents (canDial false)", async () => {
    const agent = fakeAgent({ address: null, lifecycleState: "ready" });
    const wait = start(agent.deps, { canDial: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state.result).toEqual({});
    expect(agent.dials).toEqual([]);
  });

  it("phase 1 is skipped with skipDial (the agent was seen connected moments ago)", async () => {
    const agent = fakeAgent({ lifecycleState: "ready" });
    agent.answerDials(refused);
    const wait = start(agent.deps, { skipDial: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state.result).toEqual({});
    expect(agent.dials).toEqual([]);
  });

  it("a notification (the agent registered its address) dials at once, not at the next interval", async () => {
    const agent = fakeAgent({ address: null, lifecycleState: "ready" });
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(700);
    expect(agent.dials).toEqual([]);
    agent.change({ address: "127.0.0.1:4100" });
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.dials.map((dial) => dial.at - wait.startedAt)).toEqual([700]);
    expect(wait.state.result).toEqual({});
  });

  it("a notification after a failed dial dials again at once, not after the 2 s interval", async () => {
    const agent = fakeAgent();
    agent.answerDials(async (attempt) => (attempt === 1 ? refused(attempt) : { ok: true }));
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(300);
    agent.change({ address: "127.0.0.1:4200" });
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.dials.map((dial) => dial.at - wait.startedAt)).toEqual([0, 300]);
    expect(wait.state.result).toEqual({});
  });

  it("cancelled during phase 1 → not_ready (never startup_scripts)", async () => {
    const agent = fakeAgent({ lifecycleState: "starting" });
    agent.answerDials(refused);
    const controller = new AbortController();
    const wait = start(agent.deps, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(3000);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state.result).toEqual({ agent_status: "not_ready", agent_error: "the wait was canceled" });
  });
});

describe("agent ready wait, phase 2 (startup scripts)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("created and starting keep waiting; ready → done, nothing added", async () => {
    const agent = fakeAgent({ lifecycleState: "created" });
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(wait.state.result).toBeUndefined();
    agent.change({ lifecycleState: "starting" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(wait.state.result).toBeUndefined();
    agent.change({ lifecycleState: "ready" });
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state).toEqual({ result: {}, settledAt: 120_000 });
  });

  it.each(["start_error", "start_timeout", "shutting_down", "shutdown_error", "shutdown_timeout", "off"])(
    "any other state (%s) → startup_scripts_failed with lifecycle_state",
    async (state) => {
      const agent = fakeAgent({ lifecycleState: "starting" });
      const wait = start(agent.deps);
      await vi.advanceTimersByTimeAsync(1000);
      agent.change({ lifecycleState: state });
      await vi.advanceTimersByTimeAsync(0);
      expect(wait.state.result).toEqual({ startup_scripts: "startup_scripts_failed", lifecycle_state: state });
    },
  );

  it("timeout (10 min) → startup_scripts_timeout", async () => {
    const agent = fakeAgent({ lifecycleState: "starting" });
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(599_999);
    expect(wait.state.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(wait.state).toEqual({ result: { startup_scripts: "startup_scripts_timeout" }, settledAt: 600_000 });
  });

  it("cancelled → startup_scripts_unknown, at once", async () => {
    const agent = fakeAgent({ lifecycleState: "starting" });
    const controller = new AbortController();
    const wait = start(agent.deps, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(5000);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state).toEqual({ result: { startup_scripts: "startup_scripts_unknown" }, settledAt: 5000 });
  });

  it("a lost notification is caught by the 2 s fallback re-check", async () => {
    const agent = fakeAgent({ lifecycleState: "starting" });
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(100);
    agent.row.lifecycleState = "ready"; // changed without a notification
    await vi.advanceTimersByTimeAsync(1899);
    expect(wait.state.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(wait.state).toEqual({ result: {}, settledAt: 2000 });
  });

  it("releases its pubsub subscription when done", async () => {
    const agent = fakeAgent({ lifecycleState: "starting" });
    const wait = start(agent.deps);
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.isSubscribed).toBe(true);
    agent.change({ lifecycleState: "ready" });
    await wait.promise;
    expect(agent.isSubscribed).toBe(false);
  });
});

describe("agent ready wait, both phases", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a result never carries both agent_status and startup_scripts", async () => {
    const scenarios: { name: string; lifecycleState: string; dial: (attempt: number) => Promise<DialOutcome>; abortAt?: number }[] = [
      // Phase 1 fails while the lifecycle already says start_error: phase 1's answer stands alone.
      { name: "dial timeout, start_error", lifecycleState: "start_error", dial: refused },
      { name: "dial canceled, starting", lifecycleState: "starting", dial: refused, abortAt: 1000 },
      { name: "dialled, start_error", lifecycleState: "start_error", dial: async () => ({ ok: true }) },
      { name: "dialled, startup timeout", lifecycleState: "starting", dial: async () => ({ ok: true }) },
      { name: "dialled, canceled in phase 2", lifecycleState: "starting", dial: async () => ({ ok: true }), abortAt: 1000 },
    ];
    const results: Record<string, AgentWaitFields | undefined> = {};
    for (const scenario of scenarios) {
      const agent = fakeAgent({ lifecycleState: scenario.lifecycleState });
      agent.answerDials(scenario.dial);
      const controller = new AbortController();
      const wait = start(agent.deps, { signal: controller.signal });
      if (scenario.abortAt !== undefined) {
        await vi.advanceTimersByTimeAsync(scenario.abortAt);
        controller.abort();
      }
      await vi.advanceTimersByTimeAsync(600_000);
      results[scenario.name] = wait.state.result;
    }
    expect(results).toEqual({
      "dial timeout, start_error": { agent_status: "not_ready", agent_error: expect.any(String) },
      "dial canceled, starting": { agent_status: "not_ready", agent_error: "the wait was canceled" },
      "dialled, start_error": { startup_scripts: "startup_scripts_failed", lifecycle_state: "start_error" },
      "dialled, startup timeout": { startup_scripts: "startup_scripts_timeout" },
      "dialled, canceled in phase 2": { startup_scripts: "startup_scripts_unknown" },
    });
    expect(Object.values(results).filter((result) => !result || hasBoth(result))).toEqual([]);
  });
});

describe("agent ready wait is event-driven", () => {
  // A fake clock: no time passes after the notification, so only a wake-up by the notification
  // itself (never the 2 s re-check or a timer) can end the wait, however loaded the machine.
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("a notification dials at once, not after the 2 s interval", async () => {
    const agent = fakeAgent();
    let dials = 0;
    agent.answerDials(async (attempt) => {
      dials++;
      return attempt === 1 ? refused(attempt) : { ok: true };
    });
    let result: unknown;
    void waitForAgentReady(agent.deps, DOCUMENTED_DEFAULTS).then((value) => (result = value));
    await vi.advanceTimersByTimeAsync(0);
    expect(dials).toBe(1);
    agent.change({ address: "127.0.0.1:4300" });
    await vi.advanceTimersByTimeAsync(0);
    expect(dials).toBe(2);
    expect(result).toEqual({});
  });

  it("a lifecycle notification ends phase 2 at once, not at the 2 s re-check", async () => {
    const agent = fakeAgent({ lifecycleState: "starting" });
    let result: unknown;
    void waitForAgentReady(agent.deps, { ...DOCUMENTED_DEFAULTS, canDial: false }).then((value) => (result = value));
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.readAgent).toHaveBeenCalled();
    expect(result).toBeUndefined();
    agent.change({ lifecycleState: "ready" });
    await vi.advanceTimersByTimeAsync(0);
    expect(result).toEqual({});
  });
});
