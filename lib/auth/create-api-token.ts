import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "./actor";
import { hashSecret, newSecret } from "./secrets";

const DEFAULT_LIFETIME_DAYS = 30;

/** A personal API token for `Authorization: Bearer`; the secret is returned once, never stored. */
export async function createApiToken({
  actor,
  name,
  lifetimeDays = DEFAULT_LIFETIME_DAYS,
  now = new Date(),
}: {
  actor: Actor;
  name: string;
  lifetimeDays?: number;
  now?: Date;
}) {
  const token = newSecret("kiln_t_");
  const expiresAt = new Date(now.getTime() + lifetimeDays * 86_400_000);
  const prisma = await db();
  const key = await prisma.apiKey.create({
    data: { userId: actor.id, kind: "token", name, secretHash: hashSecret(token), expiresAt },
  });
  return { id: key.id, name, token, expiresAt: expiresAt.toISOString() };
}
