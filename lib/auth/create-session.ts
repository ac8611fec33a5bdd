import "server-only";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { hashSecret, newSecret } from "./secrets";

/** Starts a browser session; the secret goes into the cookie and is never stored. */
export async function createSession({ userId, now = new Date() }: { userId: string; now?: Date }) {
  const secret = newSecret("kiln_s_");
  const expiresAt = new Date(now.getTime() + config().sessionHours * 3_600_000);
  const prisma = await db();
  await prisma.apiKey.create({ data: { userId, kind: "session", secretHash: hashSecret(secret), expiresAt } });
  return { secret, expiresAt };
}
