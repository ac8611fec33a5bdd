import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors";
import type { createOrganizationSchema } from "./schemas";

/** An admin creates an organisation and becomes its first member. */
export async function createOrganization({
  input,
  actor,
}: {
  input: z.output<typeof createOrganizationSchema>;
  actor: Actor;
}) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can create organizations.");
  const prisma = await db();
  try {
    return await prisma.organization.create({
      data: {
        name: input.name,
        displayName: input.displayName || input.name,
        members: { create: { userId: actor.id } },
      },
    });
  } catch (error) {
    if (!uniqueViolationFields(error)) throw error;
    throw new AppError("conflict", "That organization name is already in use.", {
      validations: [{ field: "name", detail: "name is already in use" }],
    });
  }
}
