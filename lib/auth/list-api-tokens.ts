import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "./actor";

/** The actor's own API tokens (never sessions, never secrets), newest first. */
export async function listApiTokens({ actor }: { actor: Actor }) {
  const prisma = await db();
  const rows = await prisma.apiKey.findMany({
    where: { userId: actor.id, kind: "token" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}
