import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { createChatSchema } from "./schemas";

const organizationRefused = (detail: string) =>
  new AppError("bad_request", "You cannot start a chat in that organization.", {
    validations: [{ field: "organizationId", detail }],
  });

/**
 * Starts an empty chat for the actor, in the organisation they name or else their default one
 * (the default organisation among their memberships, else the first they joined). A chat only
 * ever uses templates of its organisation, so the actor must belong to it — admins too.
 */
export async function createChat({ input, actor }: { input: z.output<typeof createChatSchema>; actor: Actor }) {
  const prisma = await db();
  const memberships = await prisma.organizationMember.findMany({
    where: { userId: actor.id, ...(input.organizationId ? { organizationId: input.organizationId } : {}) },
    include: { organization: { select: { isDefault: true } } },
    orderBy: { createdAt: "asc" },
  });
  const membership = memberships.find((m) => m.organization.isDefault) ?? memberships[0];
  if (!membership) {
    // One answer for an unknown organisation and one the actor is not in: membership is private.
    throw organizationRefused(input.organizationId ? "you are not a member of this organization" : "you belong to no organization");
  }
  return prisma.chat.create({
    data: { ownerId: actor.id, organizationId: membership.organizationId, title: input.title ?? "" },
  });
}
