import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { fieldChanges } from "@/lib/audit/field-changes";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { UpdateTemplateInput } from "./schemas";
import { storedTemplateSpec } from "./to-template";

/**
 * An admin changes a template's chat permission, deprecation, display fields or active version.
 * A version made active brings its spec's display name and description, as a new version does.
 */
export async function updateTemplate({
  templateId,
  input,
  actor,
  requestIp,
}: {
  templateId: string;
  input: UpdateTemplateInput;
  actor: Actor;
  requestIp?: string | null;
}) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can change templates.");
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const [before] = await tx.$queryRaw<Record<string, unknown>[]>`
      SELECT "allowedInChat", deprecated, "displayName", description, icon, "organizationId", "activeVersionId"
      FROM templates WHERE id = ${templateId}::uuid FOR UPDATE`;
    if (!before) throw notFound("template");
    let fromSpec: { displayName?: string; description?: string } = {};
    if (input.activeVersionId !== undefined) {
      const version = await tx.templateVersion.findFirst({ where: { id: input.activeVersionId, templateId } });
      if (!version) {
        throw new AppError("bad_request", "That version is not one of this template's.", {
          validations: [{ field: "activeVersionId", detail: "must be a version of this template" }],
        });
      }
      const spec = storedTemplateSpec(version);
      fromSpec = { displayName: spec.display_name, description: spec.description };
    }
    const data = {
      allowedInChat: input.allowedInChat,
      deprecated: input.deprecated,
      displayName: input.displayName ?? fromSpec.displayName,
      description: input.description ?? fromSpec.description,
      icon: input.icon,
      activeVersionId: input.activeVersionId,
    };
    const template = await tx.template.update({ where: { id: templateId }, data, include: { activeVersion: true } });
    // Only the fields the request gave, compared with what they were.
    const given = Object.keys(data).filter((key) => data[key as keyof typeof data] !== undefined);
    const pick = (row: Record<string, unknown>) => Object.fromEntries(given.map((key) => [key, row[key]]));
    const diff = fieldChanges(pick(before), pick(template));
    if (Object.keys(diff).length > 0) {
      await recordAudit({
        tx,
        actor,
        action: "template.update",
        target: { type: "template", id: templateId },
        diff,
        ip: requestIp,
        organizationId: template.organizationId,
      });
    }
    return template;
  });
}
