import { createHash } from "node:crypto";

/**
 * How failed sign-ins are throttled. Failures are counted per throttle key in a window that
 * starts at the first failure; once `limit` is reached, each further attempt waits a backoff
 * that doubles per failure up to `maxBackoffMs`, and never past the window's end. A lockout is
 * therefore short and bounded — what an attacker can do to a user is make them wait minutes.
 */
export type ThrottlePolicy = {
  limit: number;
  windowMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
};

const MINUTE = 60_000;

/** Per account (the email typed, whether or not it exists, so the throttle reveals no accounts). */
export const ACCOUNT_POLICY: ThrottlePolicy = { limit: 10, windowMs: 15 * MINUTE, baseBackoffMs: 30_000, maxBackoffMs: 5 * MINUTE };

/** Per client address: a larger budget, as many people can share one address (NAT, an office). */
export const ADDRESS_POLICY: ThrottlePolicy = { limit: 100, windowMs: 15 * MINUTE, baseBackoffMs: 30_000, maxBackoffMs: 5 * MINUTE };

/** The longest window of any policy: rows older than this count for nothing and can go. */
export const LONGEST_WINDOW_MS = Math.max(ACCOUNT_POLICY.windowMs, ADDRESS_POLICY.windowMs);

/** What the store keeps per key. */
export type ThrottleState = { failures: number; windowStartAt: Date; lastFailureAt: Date };

export type ThrottleDecision = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };

/** Whether one more attempt may be made at `now` under `policy`, given the key's failures so far. */
export function throttleDecision({
  state,
  policy,
  now,
}: {
  state: ThrottleState | null;
  policy: ThrottlePolicy;
  now: Date;
}): ThrottleDecision {
  if (!state) return { isAllowed: true };
  const windowEnd = state.windowStartAt.getTime() + policy.windowMs;
  if (now.getTime() >= windowEnd || state.failures < policy.limit) return { isAllowed: true };
  const backoffMs = Math.min(policy.baseBackoffMs * 2 ** (state.failures - policy.limit), policy.maxBackoffMs);
  const blockedUntil = Math.min(state.lastFailureAt.getTime() + backoffMs, windowEnd);
  if (now.getTime() >= blockedUntil) return { isAllowed: true };
  return { isAllowed: false, retryAfterSeconds: Math.ceil((blockedUntil - now.getTime()) / 1000) };
}

/** The throttle keys of one sign-in attempt with the policy of each. */
export type ThrottleKey = { key: string; policy: ThrottlePolicy };

/**
 * Keys are hashes: the table then holds no typed-in emails or addresses in clear, and a key has a
 * fixed length whatever was typed. A request without a known address is throttled per account only.
 */
export function loginThrottleKeys({ email, clientAddress }: { email: string; clientAddress: string | null }): {
  account: ThrottleKey;
  all: ThrottleKey[];
} {
  const account = { key: hashKey(`account:${email}`), policy: ACCOUNT_POLICY };
  const address = clientAddress ? [{ key: hashKey(`address:${clientAddress}`), policy: ADDRESS_POLICY }] : [];
  return { account, all: [account, ...address] };
}

function hashKey(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
