import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { AuditOrigin } from "@/lib/audit/audit-origin";
import { recordAudit } from "@/lib/audit/record-audit";
import { recordToolCall } from "@/lib/audit/record-tool-call";
import { readWorkspaceQuota } from "@/lib/chat-settings/read-workspace-quota";
import { db } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors";
import { storedTemplateSpec } from "@/lib/templates/to-template";
import { resolveParameterValues } from "@/lib/templates/validate-parameter-values";
import { getWorkspace } from "./get-workspace";
import { insertBuild } from "./insert-build";
import { notifyWorkspace } from "./notify-workspace";
import type { CreateWorkspaceInput } from "./schemas";

const templateNotFound = () =>
  new AppError("bad_request", "Template not found.", { validations: [{ field: "templateId", detail: "no such template" }] });

const nameTaken = (name: string) =>
  new AppError("conflict", `You already have a workspace named "${name}".`, {
    validations: [{ field: "name", detail: `workspace name "${name}" is already taken` }],
  });

/** The body code of a refusal over the admin's "workspaces per user" quota. */
export const INSUFFICIENT_QUOTA = "INSUFFICIENT_QUOTA";

const overQuota = (quota: number) =>
  new AppError("conflict", `You already have ${quota} workspace${quota === 1 ? "" : "s"}, the most allowed per user. Delete one to create another.`, {
    apiCode: INSUFFICIENT_QUOTA,
  });

/**
 * Creates a workspace with its first (start) build and job in one transaction, then wakes the
 * provisioners. Everything is checked first, so a refusal leaves nothing behind.
 */
export async function createWorkspace({
  input,
  actor,
  origin = { via: "api" },
}: {
  input: CreateWorkspaceInput;
  actor: Actor;
  origin?: AuditOrigin;
}) {
  const prisma = await db();
  // Only templates of an organisation the actor belongs to exist for them.
  const template = await prisma.template.findFirst({
    where: { id: input.templateId, organization: { members: { some: { userId: actor.id } } } },
    include: { activeVersion: true },
  });
  if (!template?.activeVersion) throw templateNotFound();
  if (input.organizationId && input.organizationId !== template.organizationId) {
    throw new AppError("bad_request", "The template belongs to a different organization.", {
      validations: [{ field: "organizationId", detail: "does not match the template's organization" }],
    });
  }
  if (template.deprecated) {
    throw new AppError("bad_request", "This template is deprecated and cannot be used for new workspaces.", {
      validations: [{ field: "templateId", detail: "template is deprecated" }],
    });
  }
  const spec = storedTemplateSpec(template.activeVersion);
  const { values } = resolveParameterValues({ parameters: spec.parameters, values: input.parameters ?? {} });

  const existing = await prisma.workspace.findFirst({
    where: { ownerId: actor.id, deleted: false, name: { equals: input.name, mode: "insensitive" } },
    select: { id: true },
  });
  if (existing) throw nameTaken(input.name);

  let created;
  try {
    created = await prisma.$transaction(async (tx) => {
      // The owner's row lock serialises their creates, so two at once cannot both pass the quota.
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${actor.id}::uuid FOR UPDATE`;
      const quota = await readWorkspaceQuota({ tx });
      if (quota !== null && (await tx.workspace.count({ where: { ownerId: actor.id, deleted: false } })) >= quota) {
        throw overQuota(quota);
      }
      const workspace = await tx.workspace.create({
        data: {
          ownerId: actor.id,
          organizationId: template.organizationId,
          templateId: template.id,
          name: input.name,
          ttlMs: input.ttlMs ? BigInt(input.ttlMs) : null,
        },
      });
      const build = await insertBuild(tx, {
        workspaceId: workspace.id,
        organizationId: template.organizationId,
        buildNumber: 1,
        transition: "start",
        templateVersionId: template.activeVersion!.id,
        initiatorId: actor.id,
        parameters: values,
      });
      const target = { type: "workspace", id: workspace.id } as const;
      const diff = {
        name: { before: null, after: workspace.name },
        template: { before: null, after: template.name },
        transition: { before: null, after: "start" },
        buildNumber: { before: null, after: 1 },
        via: { before: null, after: origin.via },
      };
      await recordAudit({ tx, actor, action: "workspace.create", target, diff, ip: origin.requestIp, organizationId: template.organizationId });
      await recordToolCall({ tx, actor, origin, target, diff, organizationId: template.organizationId });
      return { workspace, build };
    });
  } catch (error) {
    // Two requests racing for one name: the partial unique index decides.
    if (uniqueViolationFields(error)) throw nameTaken(input.name);
    throw error;
  }
  await notifyWorkspace({ workspaceId: created.workspace.id, jobId: created.build.jobId });
  return getWorkspace({ workspaceId: created.workspace.id, actor });
}
