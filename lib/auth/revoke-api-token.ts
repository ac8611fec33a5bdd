import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import type { Actor } from "./actor";

/** Deletes one of the actor's own tokens; another user's token, or a session, is a 404. */
export async function revokeApiToken({ tokenId, actor }: { tokenId: string; actor: Actor }): Promise<void> {
  const prisma = await db();
  const { count } = await prisma.apiKey.deleteMany({ where: { id: tokenId, userId: actor.id, kind: "token" } });
  if (count === 0) throw notFound("token");
  await publishAccessChange([accessTags.user(actor.id)]);
}
