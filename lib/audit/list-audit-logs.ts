import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { decodeAuditCursor, encodeAuditCursor } from "./audit-cursor";
import { auditDiffSchema, type AuditPage, type AuditQuery } from "./schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One page of the audit log, newest first, narrowed by the filters; `nextCursor` continues it.
 * Admins only: to anyone else the log does not exist (404, as the issue asks).
 */
export async function listAuditLogs({ query, actor }: { query: Omit<AuditQuery, "format">; actor: Actor }): Promise<AuditPage> {
  if (actor.role !== "admin") throw notFound("page");
  const cursor = query.cursor ? decodeAuditCursor(query.cursor) : null;
  const where: Prisma.AuditLogWhereInput = {
    ...(query.actor
      ? UUID.test(query.actor)
        ? { userId: query.actor }
        : { user: { username: { equals: query.actor, mode: "insensitive" } } }
      : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.targetType ? { resourceType: query.targetType } : {}),
    ...(query.from || query.to ? { time: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } } : {}),
  };
  const prisma = await db();
  const rows = await prisma.auditLog.findMany({
    where: cursor
      ? { AND: [where, { OR: [{ time: { lt: cursor.time } }, { time: cursor.time, id: { lt: cursor.id } }] }] }
      : where,
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { user: { select: { id: true, username: true } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    entries: page.map((row) => {
      const diff = auditDiffSchema.safeParse(row.diff);
      return {
        id: row.id,
        time: row.time.toISOString(),
        actor: row.user,
        action: row.action,
        targetType: row.resourceType,
        targetId: row.resourceId,
        diff: diff.success ? diff.data : {},
        ip: row.ip,
      };
    }),
    nextCursor: rows.length > query.limit && last ? encodeAuditCursor(last) : null,
  };
}
