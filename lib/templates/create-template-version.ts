import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { readSpecInput } from "./read-spec-input";
import type { CreateTemplateVersionInput } from "./schemas";

/**
 * An admin adds a version "vN" to a template; it becomes the active one. The spec must keep the
 * template's name. The template's display name and description follow the new spec where it
 * states them (a spec without them keeps the current ones, which may have been set by PATCH).
 */
export async function createTemplateVersion({
  templateId,
  input,
  actor,
  requestIp,
}: {
  templateId: string;
  input: CreateTemplateVersionInput;
  actor: Actor;
  requestIp?: string | null;
}) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can create template versions.");
  const { spec, source } = readSpecInput(input.spec);
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    // Locking the template row serialises concurrent uploads, so each gets its own number.
    const [locked] = await tx.$queryRaw<{ name: string; activeVersionId: string | null }[]>`
      SELECT name, "activeVersionId" FROM templates WHERE id = ${templateId}::uuid FOR UPDATE`;
    if (!locked) throw notFound("template");
    if (spec.name !== locked.name) {
      throw new AppError("bad_request", "The spec names a different template.", {
        validations: [{ field: "spec.name", detail: `must be "${locked.name}", the name of this template` }],
      });
    }
    const versionCount = await tx.templateVersion.count({ where: { templateId } });
    const version = await tx.templateVersion.create({
      data: {
        templateId,
        name: `v${versionCount + 1}`,
        spec: spec as Prisma.InputJsonObject,
        source,
        createdById: actor.id,
      },
    });
    const template = await tx.template.update({
      where: { id: templateId },
      data: {
        activeVersionId: version.id,
        ...(spec.display_name !== undefined ? { displayName: spec.display_name } : {}),
        ...(spec.description !== undefined ? { description: spec.description } : {}),
      },
      include: { activeVersion: true },
    });
    const previous = locked.activeVersionId
      ? await tx.templateVersion.findUnique({ where: { id: locked.activeVersionId }, select: { name: true } })
      : null;
    await recordAudit({
      tx,
      actor,
      action: "template.version",
      target: { type: "template", id: templateId },
      diff: { activeVersion: { before: previous?.name ?? null, after: version.name } },
      ip: requestIp,
      organizationId: template.organizationId,
    });
    return { version, template };
  });
}
