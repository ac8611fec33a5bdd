import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import { seedExampleTemplates } from "@/lib/templates/seed-example-templates";
import { insertUser } from "./insert-user";
import type { CreateFirstUserInput } from "./schemas";

/** Serialises concurrent first-user requests: exactly one of them makes the admin. */
const FIRST_USER_LOCK = 4_201_001;

/**
 * Creates the first admin and the default organisation, with the example templates in it; only
 * while no user exists. This is the site's first start, so the examples are loaded here.
 */
export async function createFirstUser({ input }: { input: CreateFirstUserInput }) {
  // Read and parse the example files before the transaction opens: long awaits inside it would
  // hold the database (PGlite has a single connection) and risk the transaction timeout.
  const examples = await listExampleTemplates();
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK})`;
    if ((await tx.user.count()) > 0) {
      throw new AppError("conflict", "The first user has already been created. Sign in instead.");
    }
    const organization =
      (await tx.organization.findFirst({ where: { isDefault: true } })) ??
      (await tx.organization.create({ data: { name: "default", displayName: "Default", isDefault: true } }));
    const user = await insertUser(tx, { input, role: "admin", organizationId: organization.id });
    await seedExampleTemplates({ tx, organizationId: organization.id, createdById: user.id, examples });
    return user;
  });
}
