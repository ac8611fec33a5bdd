import { describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, loginThrottleKeys, throttleDecision, type ThrottleState } from "./login-throttle";

const policy = ACCOUNT_POLICY; // 10 failures per 15 min, backoff 30 s doubling to 5 min
const start = new Date("2026-01-01T10:00:00.000Z");
const at = (ms: number) => new Date(start.getTime() + ms);

function state(failures: number, lastFailureMs: number, windowStartMs = 0): ThrottleState {
  return { failures, windowStartAt: at(windowStartMs), lastFailureAt: at(lastFailureMs) };
}

describe("throttleDecision", () => {
  it("allows a key with no failures or fewer than the limit", () => {
    expect(throttleDecision({ state: null, policy, now: start })).toEqual({ isAllowed: true });
    expect(throttleDecision({ state: state(9, 1000), policy, now: at(1000) })).toEqual({ isAllowed: true });
  });

  it("refuses the attempt after the limit for the first backoff, with the seconds left", () => {
    expect(throttleDecision({ state: state(10, 5000), policy, now: at(5000) })).toEqual({ isAllowed: false, retryAfterSeconds: 30 });
    expect(throttleDecision({ state: state(10, 5000), policy, now: at(5000 + 29_500) })).toEqual({
      isAllowed: false,
      retryAfterSeconds: 1,
    });
    expect(throttleDecision({ state: state(10, 5000), policy, now: at(5000 + 30_000) })).toEqual({ isAllowed: true });
  });

  it("doubles the backoff per further failure, up to the maximum", () => {
    const wait = (failures: number) => throttleDecision({ state: state(failures, 60_000), policy, now: at(60_000) });
    expect(wait(11)).toEqual({ isAllowed: false, retryAfterSeconds: 60 });
    expect(wait(12)).toEqual({ isAllowed: false, retryAfterSeconds: 120 });
    expect(wait(13)).toEqual({ isAllowed: false, retryAfterSeconds: 240 });
    expect(wait(14)).toEqual({ isAllowed: false, retryAfterSeconds: 300 });
    expect(wait(1000)).toEqual({ isAllowed: false, retryAfterSeconds: 300 });
  });

  it("never blocks past the window's end, and allows again once the window is over", () => {
    const late = state(1000, 14 * 60_000); // 5 min backoff from minute 14, but the window ends at 15
    expect(throttleDecision({ state: late, policy, now: at(14 * 60_000) })).toEqual({ isAllowed: false, retryAfterSeconds: 60 });
    expect(throttleDecision({ state: late, policy, now: at(15 * 60_000) })).toEqual({ isAllowed: true });
  });
});

describe("loginThrottleKeys", () => {
  it("keys by account and address, hashed, and by account alone without an address", () => {
    const withAddress = loginThrottleKeys({ email: "a@example.com", clientAddress: "203.0.113.9" });
    expect(withAddress.all.map((k) => k.key)).toHaveLength(2);
    expect(withAddress.all.every((k) => /^[0-9a-f]{64}$/.test(k.key))).toBe(true);
    expect(withAddress.account).toBe(withAddress.all[0]);
    expect(loginThrottleKeys({ email: "a@example.com", clientAddress: null }).all).toEqual([withAddress.account]);
    expect(loginThrottleKeys({ email: "b@example.com", clientAddress: "203.0.113.9" }).all[1]).toEqual(withAddress.all[1]);
  });
});
