import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors";
import type { UserRole } from "@/lib/auth/schemas";
import type { CreateFirstUserInput } from "./schemas";

/**
 * Inserts a user and their organisation membership inside the caller's transaction.
 * A taken email or username answers 409 with a validation on that field.
 */
export async function insertUser(
  tx: Prisma.TransactionClient,
  { input, role, organizationId }: { input: CreateFirstUserInput; role: UserRole; organizationId: string },
) {
  const taken = await tx.user.findFirst({
    where: { OR: [{ email: input.email }, { username: { equals: input.username, mode: "insensitive" } }] },
    select: { email: true },
  });
  if (taken) throw takenError(taken.email === input.email ? "email" : "username");
  try {
    return await tx.user.create({
      data: {
        email: input.email,
        username: input.username,
        name: input.name ?? "",
        role,
        passwordHash: await hashPassword(input.password),
        memberships: { create: { organizationId } },
      },
    });
  } catch (error) {
    const fields = uniqueViolationFields(error);
    if (fields) throw takenError(fields.includes("username") ? "username" : "email");
    throw error;
  }
}

function takenError(field: "email" | "username") {
  return new AppError("conflict", `That ${field} is already in use.`, {
    validations: [{ field, detail: `${field} is already in use` }],
  });
}
