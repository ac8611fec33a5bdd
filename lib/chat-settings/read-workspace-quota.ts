import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { workspacesPerUserSchema } from "./schemas";

export const WORKSPACES_PER_USER_KEY = "workspaces_per_user";

/**
 * The admin's "workspaces per user" quota, or null for unlimited (0, unset, or an unreadable
 * stored value, logged). Read in the caller's transaction, next to the count it limits.
 */
export async function readWorkspaceQuota({ tx }: { tx: Prisma.TransactionClient }): Promise<number | null> {
  const row = await tx.siteSetting.findUnique({ where: { key: WORKSPACES_PER_USER_KEY } });
  if (!row) return null;
  const parsed = workspacesPerUserSchema.safeParse(row.value);
  if (!parsed.success) {
    console.warn(`workspaces-per-user setting ${JSON.stringify(row.value)} is invalid; treating it as unlimited`);
    return null;
  }
  return parsed.data > 0 ? parsed.data : null;
}
