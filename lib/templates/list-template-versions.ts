import "server-only";
import { stringify } from "yaml";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { getTemplate } from "./get-template";
import type { TemplateVersionDetail } from "./schemas";

/**
 * A template's versions, newest first, with their authors and spec text: what the editor lists,
 * diffs and makes active. Whoever may see the template may see its versions.
 */
export async function listTemplateVersions({ templateId, actor }: { templateId: string; actor: Actor }): Promise<TemplateVersionDetail[]> {
  await getTemplate({ templateId, actor });
  const prisma = await db();
  const versions = await prisma.templateVersion.findMany({ where: { templateId }, orderBy: [{ createdAt: "desc" }, { name: "desc" }] });
  const authorIds = [...new Set(versions.flatMap((v) => (v.createdById ? [v.createdById] : [])))];
  const authors = await prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, username: true } });
  const usernames = new Map(authors.map((a) => [a.id, a.username]));
  return versions.map((version) => ({
    id: version.id,
    name: version.name,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdById ? (usernames.get(version.createdById) ?? null) : null,
    // Versions stored without their text (seeded before the column existed) show their spec as YAML.
    source: version.source || stringify(version.spec),
  }));
}
