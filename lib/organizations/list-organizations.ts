import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";

/** Organisations the actor belongs to; admins see all. */
export async function listOrganizations({ actor }: { actor: Actor }) {
  const prisma = await db();
  return prisma.organization.findMany({
    where: actor.role === "admin" ? {} : { members: { some: { userId: actor.id } } },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
  });
}
