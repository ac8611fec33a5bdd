import { randomBytes } from "node:crypto";
import path from "node:path";
import { hashSecret, newSecret } from "@/lib/auth/secrets";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";

export type SeedScript = { name: string; script: string; runOnStart?: boolean; timeoutSeconds?: number };

export type SeededAgent = {
  agentId: string;
  token: string;
  workspaceId: string;
  workspaceName: string;
  ownerName: string;
  directory: string;
  /** Script ids by name. */
  scriptIds: Record<string, string>;
};

/**
 * Seeds, straight into the database, what one agent stands on: organisation, user, template and
 * version, workspace, provisioner job, start build with parameters, resource, and the agent with
 * its token hash, scripts and apps — as a successful start build leaves them.
 */
export async function seedAgent({
  scripts = [],
  parameters = [],
  apps = [],
}: {
  scripts?: SeedScript[];
  parameters?: { name: string; value: string }[];
  apps?: { slug: string; displayName: string; port: number }[];
} = {}): Promise<SeededAgent> {
  const prisma = await db();
  const suffix = randomBytes(4).toString("hex");
  const { actor: user, templateId, organizationId } = await seedUserWithTemplate({ spec: { name: `tpl-${suffix}` } });
  const { activeVersionId } = await prisma.template.findUniqueOrThrow({ where: { id: templateId } });
  const workspace = await prisma.workspace.create({ data: { ownerId: user.id, organizationId, templateId, name: `ws-${suffix}` } });
  const now = new Date();
  const job = await prisma.provisionerJob.create({
    data: { organizationId, startedAt: now, completedAt: now },
  });
  await prisma.workspaceBuild.create({
    data: {
      workspaceId: workspace.id,
      buildNumber: 1,
      transition: "start",
      templateVersionId: activeVersionId!,
      initiatorId: user.id,
      parameters,
      jobId: job.id,
    },
  });
  const resource = await prisma.workspaceResource.create({ data: { jobId: job.id, name: "workspace", type: "kiln_process" } });
  const token = newSecret("kiln_a_");
  const directory = path.join(config().dataDir, "workspaces", workspace.id);
  const agent = await prisma.workspaceAgent.create({
    data: {
      resourceId: resource.id,
      name: "main",
      tokenHash: hashSecret(token),
      isChat: true,
      directory,
      scripts: {
        create: scripts.map((script, position) => ({
          name: script.name,
          script: script.script,
          runOnStart: script.runOnStart ?? true,
          timeoutSeconds: script.timeoutSeconds ?? 0,
          position,
        })),
      },
      apps: { create: apps },
    },
    include: { scripts: true },
  });
  return {
    agentId: agent.id,
    token,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    ownerName: user.username,
    directory,
    scriptIds: Object.fromEntries(agent.scripts.map((script) => [script.name, script.id])),
  };
}
