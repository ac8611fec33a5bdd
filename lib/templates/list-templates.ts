import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { visibleTo } from "./visible-to";

/**
 * Templates of the organisations the actor belongs to (admins: all organisations), by name;
 * only one organisation's when `organizationId` is given.
 */
export async function listTemplates({ actor, organizationId }: { actor: Actor; organizationId?: string }) {
  const prisma = await db();
  return prisma.template.findMany({
    where: { AND: [visibleTo(actor), organizationId ? { organizationId } : {}] },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
  });
}
