import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { Me } from "./schemas";
import { toUser } from "./to-user";

/** The signed-in user with the organisations they belong to. */
export async function getMe({ actor }: { actor: Actor }): Promise<Me> {
  const prisma = await db();
  const user = await prisma.user.findUnique({
    where: { id: actor.id },
    include: { memberships: { include: { organization: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!user) throw notFound("user");
  return {
    ...toUser(user),
    organizations: user.memberships.map(({ organization: o }) => ({
      id: o.id,
      name: o.name,
      displayName: o.displayName,
      isDefault: o.isDefault,
    })),
  };
}
