import "server-only";
import type { Actor } from "@/lib/auth/actor";
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
}: {
  templateId: string;
  input: UpdateTemplateInput;
  actor: Actor;
}) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can change templates.");
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    let fromSpec: { displayName?: string; description?: string } = {};
    if (input.activeVersionId !== undefined) {
      const version = await tx.templateVersion.findFirst({ where: { id: input.activeVersionId, templateId } });
      if (!version) {
        if ((await tx.template.count({ where: { id: templateId } })) === 0) throw notFound("template");
        throw new AppError("bad_request", "That version is not one of this template's.", {
          validations: [{ field: "activeVersionId", detail: "must be a version of this template" }],
        });
      }
      const spec = storedTemplateSpec(version);
      fromSpec = { displayName: spec.display_name, description: spec.description };
    }
    // updateMany, so that an unknown id is a count of 0 rather than an exception to decode.
    const { count } = await tx.template.updateMany({
      where: { id: templateId },
      data: {
        allowedInChat: input.allowedInChat,
        deprecated: input.deprecated,
        displayName: input.displayName ?? fromSpec.displayName,
        description: input.description ?? fromSpec.description,
        icon: input.icon,
        activeVersionId: input.activeVersionId,
      },
    });
    if (count === 0) throw notFound("template");
    return tx.template.findUniqueOrThrow({ where: { id: templateId }, include: { activeVersion: true } });
  });
}
