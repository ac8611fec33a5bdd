import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { AuditOrigin } from "@/lib/audit/audit-origin";
import { recordAudit } from "@/lib/audit/record-audit";
import { recordToolCall } from "@/lib/audit/record-tool-call";
import { db } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError, notFound } from "@/lib/errors";
import { isJobDone } from "@/lib/provisioner/job-status";
import { storedTemplateSpec } from "@/lib/templates/to-template";
import { resolveParameterValues, type ParameterValue } from "@/lib/templates/validate-parameter-values";
import { insertBuild } from "./insert-build";
import { notifyWorkspace } from "./notify-workspace";
import { ownedBy } from "./owned-by";
import type { CreateWorkspaceBuildInput } from "./schemas";
import { buildInclude, toWorkspaceBuild } from "./load-workspace-views";

const buildInProgress = () =>
  new AppError("conflict", "A build is already in progress for this workspace; wait for it or cancel it.");

/**
 * Starts, stops or deletes a workspace with a new build. Start uses the template's active
 * version and the previous values merged with new ones; stop and delete repeat the last build's.
 */
export async function createWorkspaceBuild({
  workspaceId,
  input,
  actor,
  origin = { via: "api" },
}: {
  workspaceId: string;
  input: CreateWorkspaceBuildInput;
  actor: Actor;
  origin?: AuditOrigin;
}) {
  const prisma = await db();
  const workspace = await prisma.workspace.findFirst({
    where: { id: workspaceId, ...ownedBy(actor) },
    include: {
      template: { include: { activeVersion: true } },
      builds: { orderBy: { buildNumber: "desc" }, take: 1, include: { job: true } },
    },
  });
  if (!workspace) throw notFound("workspace");
  if (workspace.deleted) throw new AppError("conflict", "This workspace has been deleted.");
  const previous = workspace.builds[0];
  if (previous && !isJobDone(previous.job)) throw buildInProgress();

  const previousValues = Object.fromEntries(
    ((previous?.parameters ?? []) as ParameterValue[]).map(({ name, value }) => [name, value]),
  );
  let templateVersionId = previous?.templateVersionId;
  let parameters = (previous?.parameters ?? []) as ParameterValue[];
  if (input.transition === "start") {
    const version = workspace.template.activeVersion;
    if (!version) throw new AppError("conflict", "The workspace's template has no active version.");
    const spec = storedTemplateSpec(version);
    // Values the active version no longer knows are dropped rather than refused.
    const known = new Set(spec.parameters.map((p) => p.name));
    const carried = Object.fromEntries(Object.entries(previousValues).filter(([name]) => known.has(name)));
    parameters = resolveParameterValues({
      parameters: spec.parameters,
      values: { ...carried, ...input.parameters },
      previous: carried,
    }).values;
    templateVersionId = version.id;
  } else if (input.parameters && Object.keys(input.parameters).length > 0) {
    throw new AppError("bad_request", `Parameters can only be given when starting a workspace.`, {
      validations: [{ field: "parameters", detail: `not allowed for ${input.transition}` }],
    });
  }
  if (!templateVersionId) throw new AppError("conflict", "The workspace has no template version to build.");

  let build;
  try {
    build = await prisma.$transaction(async (tx) => {
      const inserted = await insertBuild(tx, {
        workspaceId,
        organizationId: workspace.organizationId,
        buildNumber: (previous?.buildNumber ?? 0) + 1,
        transition: input.transition,
        templateVersionId: templateVersionId!,
        initiatorId: actor.id,
        parameters,
      });
      const target = { type: "workspace", id: workspaceId } as const;
      const diff = {
        transition: { before: previous?.transition ?? null, after: input.transition },
        buildNumber: { before: previous?.buildNumber ?? null, after: inserted.buildNumber },
        via: { before: null, after: origin.via },
      };
      const organizationId = workspace.organizationId;
      await recordAudit({ tx, actor, action: "workspace.build", target, diff, ip: origin.requestIp, organizationId });
      await recordToolCall({ tx, actor, origin, target, diff, organizationId });
      return inserted;
    });
  } catch (error) {
    // Another build took this build number first.
    if (uniqueViolationFields(error)) throw buildInProgress();
    throw error;
  }
  await notifyWorkspace({ workspaceId, jobId: build.jobId });
  const created = await prisma.workspaceBuild.findUniqueOrThrow({
    where: { id: build.id },
    include: buildInclude,
  });
  return toWorkspaceBuild(created);
}
