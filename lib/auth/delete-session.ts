import "server-only";
import { db } from "@/lib/db/client";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import { hashSecret } from "./secrets";

/**
 * Ends a browser session, on every replica at once (their cached lookups are dropped); an
 * unknown secret is not an error (logging out twice is fine).
 */
export async function deleteSession({ secret }: { secret: string }): Promise<void> {
  const prisma = await db();
  const [deleted] = await prisma.$queryRaw<{ userId: string }[]>`
    DELETE FROM api_keys WHERE "secretHash" = ${hashSecret(secret)} AND kind = 'session' RETURNING "userId"`;
  if (deleted) await publishAccessChange([accessTags.user(deleted.userId)]);
}
