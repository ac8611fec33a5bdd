import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { TemplateSpec } from "./schemas";

export type InsertTemplateOptions = {
  organizationId: string;
  spec: TemplateSpec;
  /** The text the spec came from, kept on the version. */
  source: string;
  createdById: string | null;
};

/**
 * Inserts a template and its first version "v1", made active, inside the caller's transaction.
 * The caller checks the name first; a race on it ends in the unique index (organizationId, name).
 */
export async function insertTemplate(
  tx: Prisma.TransactionClient,
  { organizationId, spec, source, createdById }: InsertTemplateOptions,
) {
  // The version needs the template's id and the template's active version the version's id,
  // so the pointer is set by a second statement.
  const template = await tx.template.create({
    data: {
      organizationId,
      name: spec.name,
      displayName: spec.display_name ?? "",
      description: spec.description ?? "",
      createdById,
      versions: { create: { name: "v1", spec: spec as Prisma.InputJsonObject, source, createdById } },
    },
    include: { versions: { select: { id: true } } },
  });
  const [version] = template.versions;
  if (!version) throw new Error(`template ${template.id} was created without its first version`);
  return tx.template.update({
    where: { id: template.id },
    data: { activeVersionId: version.id },
    include: { activeVersion: true },
  });
}
