import "server-only";
import { hashSecret, newSecret } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";

/** How long the token that hands a sign-in to an app origin lives. */
export const APP_TOKEN_TTL_MS = 60_000;

/**
 * A single-use token for `userId` to open `host`, asked for with the credential `credentialId`
 * (the session): the app cookie it becomes lasts only as long as that credential. Stored as a
 * hash; expired ones are swept.
 */
export async function mintAppToken({ userId, credentialId, host, now }: { userId: string; credentialId: string; host: string; now: Date }): Promise<string> {
  const prisma = await db();
  const token = newSecret("kiln_p_");
  await prisma.appAuthToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - APP_TOKEN_TTL_MS) } } });
  await prisma.appAuthToken.create({
    data: { tokenHash: hashSecret(token), userId, credentialId, host, expiresAt: new Date(now.getTime() + APP_TOKEN_TTL_MS) },
  });
  return token;
}

/**
 * Spends a token on `host`: the credential it was minted with (and when that expires), or null
 * when it is unknown, for another host, expired or already spent (or minted before tokens named
 * their credential). One conditional update, so two replicas racing with the same token cannot
 * both win.
 */
export async function consumeAppToken({ token, host, now }: { token: string; host: string; now: Date }): Promise<{ credentialId: string; expiresAt: Date } | null> {
  if (!token || token.length > 200) return null;
  const prisma = await db();
  const tokenHash = hashSecret(token);
  const spent = await prisma.appAuthToken.updateMany({
    where: { tokenHash, host, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (spent.count !== 1) return null;
  const row = await prisma.appAuthToken.findUnique({ where: { tokenHash }, select: { credential: { select: { id: true, expiresAt: true } } } });
  return row?.credential ? { credentialId: row.credential.id, expiresAt: row.credential.expiresAt } : null;
}
