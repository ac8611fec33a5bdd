import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "./actor";
import { hashSecret } from "./secrets";

/** Only refresh lastUsedAt this often: a write per request would be wasted work. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** The user behind a credential, and when the credential expires. */
export type ResolvedCredential = { actor: Actor; expiresAt: Date };

/**
 * The user behind a session secret or API token; null when unknown, expired, or the user is
 * suspended (checked on every request, so a suspension takes effect at once).
 */
export async function resolveActor({ secret, now = new Date() }: { secret: string; now?: Date }): Promise<Actor | null> {
  return (await resolveCredential({ secret, now }))?.actor ?? null;
}

/** resolveActor with the credential's expiry, for callers that keep the answer (cachedActor). */
export async function resolveCredential({ secret, now }: { secret: string; now: Date }): Promise<ResolvedCredential | null> {
  if (!secret || secret.length > 200) return null;
  return resolveKey({ secretHash: hashSecret(secret) }, now);
}

/**
 * The user behind a credential known by its id (an app cookie names the session that opened
 * it), on the same terms as resolveCredential: gone, expired or suspended → null.
 */
export async function resolveCredentialById({ credentialId, now }: { credentialId: string; now: Date }): Promise<ResolvedCredential | null> {
  if (!UUID.test(credentialId)) return null;
  return resolveKey({ id: credentialId }, now);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function resolveKey(where: { secretHash: string } | { id: string }, now: Date): Promise<ResolvedCredential | null> {
  const prisma = await db();
  const key = await prisma.apiKey.findUnique({ where, include: { user: true } });
  if (!key || key.expiresAt <= now || key.user.status !== "active") return null;
  const isStale = (time: Date | null) => !time || now.getTime() - time.getTime() > LAST_USED_RESOLUTION_MS;
  await Promise.all([
    isStale(key.lastUsedAt) ? prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } }) : null,
    isStale(key.user.lastSeenAt) ? prisma.user.update({ where: { id: key.user.id }, data: { lastSeenAt: now } }) : null,
  ]);
  const { id, email, username, name, role } = key.user;
  return { actor: { id, email, username, name, role, credentialId: key.id }, expiresAt: key.expiresAt };
}
