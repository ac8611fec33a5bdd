import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { throttleDecision, type ThrottleKey } from "./login-throttle";

/** Refuses the attempt with 429 when any of its keys (account, address) is being throttled. */
export async function checkLoginThrottle({ keys, now }: { keys: ThrottleKey[]; now: Date }): Promise<void> {
  const prisma = await db();
  const rows = await prisma.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
  const waits = keys.map(({ key, policy }) => {
    const decision = throttleDecision({ state: rows.find((row) => row.key === key) ?? null, policy, now });
    return decision.isAllowed ? 0 : decision.retryAfterSeconds;
  });
  const retryAfterSeconds = Math.max(0, ...waits);
  if (retryAfterSeconds === 0) return;
  throw new AppError("too_many_requests", `Too many failed sign-ins. Try again in ${describeWait(retryAfterSeconds)}.`, {
    retryAfterSeconds,
  });
}

function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
