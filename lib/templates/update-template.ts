import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { UpdateTemplateInput } from "./schemas";

/** An admin changes a template's chat permission, deprecation or display fields. */
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
  // updateMany, so that an unknown id is a count of 0 rather than an exception to decode.
  const { count } = await prisma.template.updateMany({
    where: { id: templateId },
    data: {
      allowedInChat: input.allowedInChat,
      deprecated: input.deprecated,
      displayName: input.displayName,
      description: input.description,
      icon: input.icon,
    },
  });
  if (count === 0) throw notFound("template");
  return prisma.template.findUniqueOrThrow({ where: { id: templateId }, include: { activeVersion: true } });
}
