import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ParameterValue } from "@/lib/templates/validate-parameter-values";
import type { WorkspaceTransition } from "./schemas";

/** Inserts a build and its provisioner job inside the caller's transaction. */
export async function insertBuild(
  tx: Prisma.TransactionClient,
  options: {
    workspaceId: string;
    organizationId: string;
    buildNumber: number;
    transition: WorkspaceTransition;
    templateVersionId: string;
    initiatorId: string | null;
    parameters: ParameterValue[];
  },
) {
  const job = await tx.provisionerJob.create({
    data: { organizationId: options.organizationId, input: { workspaceId: options.workspaceId, transition: options.transition } },
  });
  return tx.workspaceBuild.create({
    data: {
      workspaceId: options.workspaceId,
      buildNumber: options.buildNumber,
      transition: options.transition,
      templateVersionId: options.templateVersionId,
      initiatorId: options.initiatorId,
      parameters: options.parameters,
      jobId: job.id,
    },
  });
}
