import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { visibleTo } from "./visible-to";

/** A template with its active version; 404 when it does not exist for the actor. */
export async function getTemplate({ templateId, actor }: { templateId: string; actor: Actor }) {
  const prisma = await db();
  const template = await prisma.template.findFirst({
    where: { AND: [{ id: templateId }, visibleTo(actor)] },
    include: { activeVersion: true },
  });
  if (!template) throw notFound("template");
  return template;
}
