import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { insertUser } from "./insert-user";
import type { CreateFirstUserInput } from "./schemas";

/** Serialises concurrent first-user requests: exactly one of them makes the admin. */
const FIRST_USER_LOCK = 4_201_001;

/** Creates the first admin and the default organisation; only while no user exists. */
export async function createFirstUser({ input }: { input: CreateFirstUserInput }) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK})`;
    if ((await tx.user.count()) > 0) {
      throw new AppError("conflict", "The first user has already been created. Sign in instead.");
    }
    const organization =
      (await tx.organization.findFirst({ where: { isDefault: true } })) ??
      (await tx.organization.create({ data: { name: "default", displayName: "Default", isDefault: true } }));
    return insertUser(tx, { input, role: "admin", organizationId: organization.id });
  });
}
