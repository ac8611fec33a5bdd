import "server-only";
import { db } from "@/lib/db/client";
import { hashSecret } from "./secrets";

/** Ends a browser session; an unknown secret is not an error (logging out twice is fine). */
export async function deleteSession({ secret }: { secret: string }): Promise<void> {
  const prisma = await db();
  await prisma.apiKey.deleteMany({ where: { secretHash: hashSecret(secret), kind: "session" } });
}
