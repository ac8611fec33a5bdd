import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import type { ChangeOwnPasswordInput } from "./schemas";

/**
 * A user changes their own password; the old one must be right. Their other sessions end (a
 * stolen cookie stops working), the one making the change stays signed in. Tokens are kept:
 * they are revoked one by one on /account.
 */
export async function changeOwnPassword({ input, actor }: { input: ChangeOwnPasswordInput; actor: Actor }): Promise<void> {
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { id: actor.id } });
  if (!user) throw notFound("user");
  if (!(await verifyPassword(input.oldPassword, user.passwordHash))) {
    throw new AppError("bad_request", "The current password is not right.", {
      validations: [{ field: "oldPassword", detail: "not your current password" }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await prisma.$transaction([
    prisma.user.update({ where: { id: actor.id }, data: { passwordHash } }),
    prisma.apiKey.deleteMany({
      where: { userId: actor.id, kind: "session", ...(actor.credentialId ? { id: { not: actor.credentialId } } : {}) },
    }),
  ]);
  await publishAccessChange([accessTags.user(actor.id)]);
}
