import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { AuditOrigin } from "./audit-origin";
import { recordAudit } from "./record-audit";
import type { AuditDiff, AuditTargetType } from "./schemas";

/**
 * The audit row of a chat tool call that changed something, written in the change's own
 * transaction. A no-op unless the change came from a chat tool, so an operation shared by pages,
 * the API and the tools calls it unconditionally: one line per changing tool.
 */
export async function recordToolCall({
  tx,
  actor,
  origin,
  target,
  diff,
  organizationId,
}: {
  tx: Prisma.TransactionClient;
  actor: { id: string };
  origin: AuditOrigin | undefined;
  target: { type: AuditTargetType; id: string };
  diff: AuditDiff;
  organizationId?: string | null;
}): Promise<void> {
  if (origin?.via !== "chat" || !origin.tool) return;
  await recordAudit({
    tx,
    actor,
    action: "chat.tool_call",
    target,
    diff: { tool: { before: null, after: origin.tool }, chat: { before: null, after: origin.chatId ?? null }, ...diff },
    ip: origin.requestIp,
    organizationId,
  });
}
