import "server-only";
import { db } from "@/lib/db/client";

/** Whether setup is done (some user exists). */
export async function hasUsers(): Promise<boolean> {
  const prisma = await db();
  return (await prisma.user.findFirst({ select: { id: true } })) !== null;
}
