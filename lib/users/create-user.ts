import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { insertUser } from "./insert-user";
import type { createUserSchema } from "./schemas";
import type { z } from "zod";

/** An admin adds a member or admin, to the default organisation unless one is named. */
export async function createUser({ input, actor }: { input: z.output<typeof createUserSchema>; actor: Actor }) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can create users.");
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const organization = input.organizationId
      ? await tx.organization.findUnique({ where: { id: input.organizationId } })
      : await tx.organization.findFirst({ where: { isDefault: true } });
    if (!organization) {
      throw new AppError("bad_request", "Organization not found.", {
        validations: [{ field: "organizationId", detail: "no such organization" }],
      });
    }
    return insertUser(tx, { input, role: input.role, organizationId: organization.id });
  });
}
