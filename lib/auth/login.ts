import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { LoginInput } from "./schemas";
import { checkLoginThrottle } from "./check-login-throttle";
import { createSession } from "./create-session";
import { loginThrottleKeys } from "./login-throttle";
import { burnPasswordCheck, verifyPassword } from "./password";
import { recordLoginFailure } from "./record-login-failure";

/** One answer for unknown email and wrong password, so the form reveals no accounts. */
const INVALID = "Incorrect email or password.";

/**
 * Signs in, throttled per account and per client address (`clientAddress` null = per account
 * only). Unknown emails go through the same throttle as known ones, so a 429 reveals nothing.
 * A success clears the account's failures but not the address's: one valid account must not
 * buy an address more guesses at others.
 */
export async function login({ email, password, clientAddress, now }: LoginInput & { clientAddress: string | null; now: Date }) {
  const keys = loginThrottleKeys({ email, clientAddress });
  await checkLoginThrottle({ keys: keys.all, now });
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { email } });
  const isValid = user ? await verifyPassword(password, user.passwordHash) : await burnPasswordCheck(password).then(() => false);
  if (!user || !isValid) {
    await recordLoginFailure({ keys: keys.all, now });
    throw new AppError("unauthorized", INVALID);
  }
  await prisma.loginThrottle.deleteMany({ where: { key: keys.account.key } });
  // Said only after the right password, so it reveals nothing to someone guessing.
  if (user.status !== "active") throw new AppError("forbidden", "This account is suspended. Ask an admin to reactivate it.");
  const session = await createSession({ userId: user.id });
  return { user, session };
}
