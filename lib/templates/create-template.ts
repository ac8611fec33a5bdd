import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors";
import { insertTemplate } from "./insert-template";
import { readSpecInput } from "./read-spec-input";
import type { CreateTemplateInput } from "./schemas";

const nameTaken = (name: string) =>
  new AppError("conflict", `A template named "${name}" already exists in this organization.`, {
    validations: [{ field: "spec.name", detail: `template name "${name}" is already taken` }],
  });

/**
 * An admin creates a template from a spec, in the given organisation or the default one. Its
 * name, display name and description come from the spec; the spec becomes version "v1", active.
 */
export async function createTemplate({
  input,
  actor,
  requestIp,
}: {
  input: CreateTemplateInput;
  actor: Actor;
  requestIp?: string | null;
}) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can create templates.");
  // Validated before any database work: a bad spec leaves nothing behind.
  const { spec, source } = readSpecInput(input.spec);
  const prisma = await db();
  try {
    return await prisma.$transaction(async (tx) => {
      const organization = input.organizationId
        ? await tx.organization.findUnique({ where: { id: input.organizationId }, select: { id: true } })
        : await tx.organization.findFirst({ where: { isDefault: true }, select: { id: true } });
      if (!organization) {
        throw new AppError("bad_request", "Organization not found.", {
          validations: [{ field: "organizationId", detail: "no such organization" }],
        });
      }
      const existing = await tx.template.findUnique({
        where: { organizationId_name: { organizationId: organization.id, name: spec.name } },
        select: { id: true },
      });
      if (existing) throw nameTaken(spec.name);
      const template = await insertTemplate(tx, { organizationId: organization.id, spec, source, createdById: actor.id });
      await recordAudit({
        tx,
        actor,
        action: "template.create",
        target: { type: "template", id: template.id },
        diff: { name: { before: null, after: template.name }, activeVersion: { before: null, after: template.activeVersion?.name ?? null } },
        ip: requestIp,
        organizationId: organization.id,
      });
      return template;
    });
  } catch (error) {
    // Two requests racing for one name: the unique index decides.
    if (uniqueViolationFields(error)) throw nameTaken(spec.name);
    throw error;
  }
}
