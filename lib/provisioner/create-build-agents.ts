import "server-only";
import { hashSecret, newSecret } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";
import { narrowShare } from "@/lib/workspace-apps/app-share";
import type { JobContext } from "./load-job-context";

export type CreatedAgent = { id: string; name: string; token: string };

/**
 * Records what a successful start build made: one resource holding the template's agents,
 * each with its own secret token (only its hash is stored), scripts and apps.
 */
export async function createBuildAgents(
  context: JobContext,
  /** Where the agent's scripts run, as the agent sees it (the home inside its sandbox). */
  { directory = context.directory }: { directory?: string } = {},
): Promise<CreatedAgent[]> {
  if (context.spec.agents.length === 0) return [];
  const prisma = await db();
  const tokens = context.spec.agents.map(() => newSecret("kiln_a_"));
  return prisma.$transaction(async (tx) => {
    const resource = await tx.workspaceResource.create({
      data: { jobId: context.jobId, name: "workspace", type: "kiln_process" },
    });
    const created: CreatedAgent[] = [];
    for (const [index, agent] of context.spec.agents.entries()) {
      const token = tokens[index]!;
      const row = await tx.workspaceAgent.create({
        data: {
          resourceId: resource.id,
          name: agent.name,
          tokenHash: hashSecret(token),
          connectionTimeoutSeconds: agent.connection_timeout,
          displayOrder: agent.display_order,
          isChat: agent.chat,
          directory,
          scripts: {
            create: agent.scripts.map((script, position) => ({
              name: script.name,
              script: script.run,
              runOnStart: script.run_on_start,
              timeoutSeconds: script.timeout,
              position,
            })),
          },
          apps: {
            create: agent.apps.map((app) => ({
              slug: app.slug,
              displayName: app.display_name ?? app.slug,
              port: app.port,
              path: app.path,
              share: narrowShare(app.share, context.spec.max_app_share),
              healthcheckPath: app.healthcheck?.path ?? null,
              healthcheckInterval: app.healthcheck?.interval ?? 0,
              healthcheckThreshold: app.healthcheck?.threshold ?? 0,
              health: app.healthcheck ? "initializing" : "disabled",
            })),
          },
        },
      });
      created.push({ id: row.id, name: row.name, token });
    }
    return created;
  });
}
