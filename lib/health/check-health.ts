import "server-only";
import { db } from "@/lib/db/client";

export type Health = { status: "ok" | "unavailable"; database: "ok" | string };

/** Whether the database answers a query. */
export async function checkHealth(): Promise<Health> {
  try {
    const prisma = await db();
    await prisma.$queryRaw`SELECT 1`;
    return { status: "ok", database: "ok" };
  } catch (error) {
    return { status: "unavailable", database: (error as Error).message };
  }
}
