import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";

const cache = new Map<string, Promise<string>>();

/**
 * A random secret named `name`, made once and kept in the database so that every replica signs
 * and checks with the same one. The first replica to ask creates it; a concurrent creator's insert
 * is skipped and both read the stored value.
 */
export function serverSecret(name: string): Promise<string> {
  let secret = cache.get(name);
  if (!secret) {
    secret = (async () => {
      const prisma = await db();
      await prisma.serverSecret.createMany({ data: [{ name, value: randomBytes(32).toString("base64url") }], skipDuplicates: true });
      const row = await prisma.serverSecret.findUniqueOrThrow({ where: { name } });
      return row.value;
    })();
    secret.catch(() => cache.delete(name));
    cache.set(name, secret);
  }
  return secret;
}
