import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { LoginInput } from "./schemas";
import { createSession } from "./create-session";
import { burnPasswordCheck, verifyPassword } from "./password";

/** One answer for unknown email and wrong password, so the form reveals no accounts. */
const INVALID = "Incorrect email or password.";

export async function login({ email, password }: LoginInput) {
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) {
    await burnPasswordCheck(password);
    throw new AppError("unauthorized", INVALID);
  }
  if (!(await verifyPassword(password, user.passwordHash))) throw new AppError("unauthorized", INVALID);
  const session = await createSession({ userId: user.id });
  return { user, session };
}
