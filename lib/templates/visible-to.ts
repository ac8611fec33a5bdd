import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";

/**
 * The filter that scopes template queries to what the actor may see: templates of organisations
 * they belong to, or all for an admin. Anything outside it answers 404, never 403.
 */
export function visibleTo(actor: Actor): Prisma.TemplateWhereInput {
  return actor.role === "admin" ? {} : { organization: { members: { some: { userId: actor.id } } } };
}
