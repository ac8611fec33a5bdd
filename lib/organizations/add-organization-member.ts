import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";

/** An admin adds an existing user to an organisation; adding a member twice is a no-op. */
export async function addOrganizationMember({
  organizationId,
  userId,
  actor,
}: {
  organizationId: string;
  userId: string;
  actor: Actor;
}) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can add organization members.");
  const prisma = await db();
  const [organization, user] = await Promise.all([
    prisma.organization.findUnique({ where: { id: organizationId } }),
    prisma.user.findUnique({ where: { id: userId }, select: { id: true } }),
  ]);
  if (!organization) throw notFound("organization");
  if (!user) {
    throw new AppError("bad_request", "User not found.", { validations: [{ field: "userId", detail: "no such user" }] });
  }
  await prisma.organizationMember.upsert({
    where: { organizationId_userId: { organizationId, userId } },
    create: { organizationId, userId },
    update: {},
  });
  return organization;
}
