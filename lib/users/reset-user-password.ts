import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { generatePassword } from "@/lib/auth/generate-password";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import type { ResetPasswordInput } from "./schemas";

/**
 * An admin sets a user's password (generated unless given; answered once) and ends the user's
 * sessions, so whoever knew the old one is signed out.
 */
export async function resetUserPassword({
  userId,
  input,
  actor,
  requestIp,
}: {
  userId: string;
  input: ResetPasswordInput;
  actor: Actor;
  requestIp?: string | null;
}): Promise<{ generatedPassword?: string }> {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can reset passwords.");
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId }, data: { passwordHash } });
    if (count === 0) throw notFound("user");
    await tx.apiKey.deleteMany({ where: { userId, kind: "session" } });
    // The password itself is never logged, only that it changed and whether it was generated.
    await recordAudit({
      tx,
      actor,
      action: "user.password_reset",
      target: { type: "user", id: userId },
      diff: { password: { before: "(old)", after: generatedPassword ? "(generated)" : "(set by admin)" } },
      ip: requestIp,
    });
  });
  await publishAccessChange([accessTags.user(userId)]);
  return generatedPassword ? { generatedPassword } : {};
}
