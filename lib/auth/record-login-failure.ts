import "server-only";
import { db } from "@/lib/db/client";
import { LONGEST_WINDOW_MS, type ThrottleKey } from "./login-throttle";

/**
 * Counts a failed sign-in against each key. One statement per key, so replicas counting the same
 * key at once never lose a failure; a key whose window has ended starts a new one. Rows whose
 * window ended are pruned here too — failures are the only thing that creates rows.
 */
export async function recordLoginFailure({ keys, now }: { keys: ThrottleKey[]; now: Date }): Promise<void> {
  const prisma = await db();
  for (const { key, policy } of keys) {
    const windowEndedBefore = new Date(now.getTime() - policy.windowMs);
    await prisma.$executeRaw`
      INSERT INTO login_throttle ("key", "failures", "windowStartAt", "lastFailureAt")
      VALUES (${key}, 1, ${now}, ${now})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN login_throttle."windowStartAt" <= ${windowEndedBefore} THEN 1 ELSE login_throttle."failures" + 1 END,
        "windowStartAt" = CASE WHEN login_throttle."windowStartAt" <= ${windowEndedBefore} THEN ${now} ELSE login_throttle."windowStartAt" END,
        "lastFailureAt" = ${now}`;
  }
  await prisma.loginThrottle.deleteMany({ where: { windowStartAt: { lte: new Date(now.getTime() - LONGEST_WINDOW_MS) } } });
}
