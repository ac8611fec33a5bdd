import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AdminUser } from "./schemas";
import { adminUserInclude, toAdminUser } from "./to-admin-user";

/** Every user, for the admin's user list, oldest first. */
export async function listUsers({ actor }: { actor: Actor }): Promise<AdminUser[]> {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can list users.");
  const prisma = await db();
  const rows = await prisma.user.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: adminUserInclude });
  return rows.map(toAdminUser);
}
