import type { User as UserRow } from "@/generated/prisma/client";
import type { AdminUser } from "./schemas";
import { toUser } from "./to-user";

/** A user as the admin's list shows it: status, last seen and live workspace count too. */
export function toAdminUser(row: UserRow & { _count: { workspaces: number } }): AdminUser {
  return {
    ...toUser(row),
    status: row.status,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    workspaceCount: row._count.workspaces,
  };
}

/** The include that counts a user's live (not deleted) workspaces for toAdminUser. */
export const adminUserInclude = { _count: { select: { workspaces: { where: { deleted: false } } } } } as const;
