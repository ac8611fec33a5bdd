import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import type { AuditOrigin } from "@/lib/audit/audit-origin";
import { fieldChanges } from "@/lib/audit/field-changes";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import type { AdminUser, UpdateUserInput } from "./schemas";
import { stopUserWorkspaces } from "./stop-user-workspaces";
import { adminUserInclude, toAdminUser } from "./to-admin-user";

/** Serialises role and status changes, so two admins demoting each other cannot leave none. */
const ADMIN_CHANGE_LOCK = 4_201_015;

/**
 * An admin changes a user's role or status. Suspending ends the user's sessions (their tokens
 * are refused while suspended: resolveActor checks the status) and stops their workspaces.
 * The last active admin can be neither demoted nor suspended (409).
 */
export async function updateUser({
  userId,
  input,
  actor,
  origin,
}: {
  userId: string;
  input: UpdateUserInput;
  actor: Actor;
  origin?: AuditOrigin;
}): Promise<AdminUser> {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can change users.");
  const prisma = await db();
  const { user, isSuspended } = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`;
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw notFound("user");
    const role = input.role ?? before.role;
    const status = input.status ?? before.status;
    const wasActiveAdmin = before.role === "admin" && before.status === "active";
    if (wasActiveAdmin && (role !== "admin" || status !== "active")) {
      const otherAdmins = await tx.user.count({ where: { role: "admin", status: "active", id: { not: userId } } });
      if (otherAdmins === 0) {
        throw new AppError("conflict", "This is the last active admin: make another user an admin before demoting or suspending this one.");
      }
    }
    await tx.user.update({ where: { id: userId }, data: { role, status } });
    const isSuspended = before.status === "active" && status === "suspended";
    if (isSuspended) await tx.apiKey.deleteMany({ where: { userId, kind: "session" } });
    await auditChanges(tx, { actor, userId, origin, before: { role: before.role, status: before.status }, after: { role, status } });
    return { user: await tx.user.findUniqueOrThrow({ where: { id: userId }, include: adminUserInclude }), isSuspended };
  });
  // Before anything slower: a suspended user's requests stop on every replica now.
  await publishAccessChange([accessTags.user(userId)]);
  if (isSuspended) await stopUserWorkspaces({ userId, actor, origin });
  return toAdminUser(user);
}

/** One row per kind of change: a role change, a suspension or a reactivation. */
async function auditChanges(
  tx: Prisma.TransactionClient,
  options: { actor: Actor; userId: string; origin?: AuditOrigin; before: { role: string; status: string }; after: { role: string; status: string } },
) {
  const { actor, userId, origin, before, after } = options;
  const target = { type: "user", id: userId } as const;
  if (before.role !== after.role) {
    await recordAudit({ tx, actor, action: "user.role", target, diff: fieldChanges({ role: before.role }, { role: after.role }), ip: origin?.requestIp });
  }
  if (before.status !== after.status) {
    const action = after.status === "suspended" ? "user.suspend" : "user.reactivate";
    await recordAudit({ tx, actor, action, target, diff: fieldChanges({ status: before.status }, { status: after.status }), ip: origin?.requestIp });
  }
}
