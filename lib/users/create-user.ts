import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { generatePassword } from "@/lib/auth/generate-password";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { insertUser } from "./insert-user";
import type { createUserSchema, CreatedUser } from "./schemas";
import { adminUserInclude, toAdminUser } from "./to-admin-user";

/**
 * An admin adds a member or admin, to the default organisation unless one is named. Without a
 * password one is generated and answered once (only its hash is kept).
 */
export async function createUser({
  input,
  actor,
  requestIp,
}: {
  input: z.output<typeof createUserSchema>;
  actor: Actor;
  requestIp?: string | null;
}): Promise<CreatedUser> {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can create users.");
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const password = input.password ?? generatedPassword!;
  const prisma = await db();
  const user = await prisma.$transaction(async (tx) => {
    const organization = input.organizationId
      ? await tx.organization.findUnique({ where: { id: input.organizationId } })
      : await tx.organization.findFirst({ where: { isDefault: true } });
    if (!organization) {
      throw new AppError("bad_request", "Organization not found.", {
        validations: [{ field: "organizationId", detail: "no such organization" }],
      });
    }
    const created = await insertUser(tx, { input: { ...input, password }, role: input.role, organizationId: organization.id });
    await recordAudit({
      tx,
      actor,
      action: "user.create",
      target: { type: "user", id: created.id },
      diff: {
        email: { before: null, after: created.email },
        username: { before: null, after: created.username },
        role: { before: null, after: created.role },
      },
      ip: requestIp,
      organizationId: organization.id,
    });
    return tx.user.findUniqueOrThrow({ where: { id: created.id }, include: adminUserInclude });
  });
  return { ...toAdminUser(user), ...(generatedPassword ? { generatedPassword } : {}) };
}
