import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { templateSpecSchema, type TemplateSpecInput } from "@/lib/templates/schemas";

/**
 * Seeds what engine tests stand on, straight into the database: an organisation, a user in it
 * and a template with the given spec. Returns the user as an Actor and the template id.
 */
export async function seedUserWithTemplate({
  spec,
  role = "member",
}: {
  spec: TemplateSpecInput;
  role?: "member" | "admin";
}): Promise<{ actor: Actor; templateId: string; organizationId: string }> {
  const prisma = await db();
  const suffix = randomBytes(4).toString("hex");
  const parsed = templateSpecSchema.parse(spec);
  const organization = await prisma.organization.create({ data: { name: `org-${suffix}`, displayName: `Org ${suffix}` } });
  const user = await prisma.user.create({
    data: {
      email: `user-${suffix}@example.com`,
      username: `user-${suffix}`,
      passwordHash: "scrypt$unused",
      role,
      memberships: { create: { organizationId: organization.id } },
    },
  });
  const template = await prisma.template.create({
    data: { organizationId: organization.id, name: parsed.name, displayName: parsed.display_name ?? "", description: parsed.description ?? "" },
  });
  const version = await prisma.templateVersion.create({ data: { templateId: template.id, name: "v1", spec: parsed } });
  await prisma.template.update({ where: { id: template.id }, data: { activeVersionId: version.id } });
  return {
    actor: { id: user.id, email: user.email, username: user.username, name: user.name, role: user.role },
    templateId: template.id,
    organizationId: organization.id,
  };
}

/** Polls a condition until it holds (tests only; the product waits on pubsub). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, { timeoutMs = 20_000, intervalMs = 100, what = "condition" } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
