import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { AuditAction, AuditDiff, AuditTargetType } from "./schemas";

/**
 * Writes one audit row inside the caller's transaction, so the row exists exactly when the
 * change does: a change that rolls back leaves no row, and no change happens without one.
 */
export async function recordAudit({
  tx,
  actor,
  action,
  target,
  diff,
  ip,
  organizationId,
}: {
  tx: Prisma.TransactionClient;
  /** Null for changes the system makes on its own. */
  actor: { id: string } | null;
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  diff: AuditDiff;
  ip?: string | null;
  organizationId?: string | null;
}): Promise<void> {
  await tx.auditLog.create({
    data: {
      userId: actor?.id ?? null,
      organizationId: organizationId ?? null,
      action,
      resourceType: target.type,
      resourceId: target.id,
      diff: diff as Prisma.InputJsonValue,
      ip: ip ?? "",
    },
  });
}
