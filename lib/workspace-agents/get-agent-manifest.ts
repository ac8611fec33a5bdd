import "server-only";
import { z } from "zod";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { AgentManifest } from "./schemas";

/** WorkspaceBuild.parameters as the workspaces service stores it. */
const buildParametersSchema = z.array(z.object({ name: z.string(), value: z.string() }));

/**
 * The environment of the startup scripts besides PATH, HOME and LANG. Values go only into
 * variables, never into script text. The workspace variables come last so that no parameter can
 * stand in for them.
 */
function scriptEnv(options: {
  parameters: { name: string; value: string }[];
  workspaceName: string;
  ownerName: string;
  directory: string;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { name, value } of options.parameters) env[`KILN_PARAM_${name.toUpperCase()}`] = value;
  env.KILN_WORKSPACE_NAME = options.workspaceName;
  env.KILN_WORKSPACE_OWNER = options.ownerName;
  env.KILN_WORKSPACE_DIR = options.directory;
  // An agent runs only for a start build: a stop shuts it down instead of running it again.
  env.KILN_TRANSITION = "start";
  return env;
}

/** What an agent runs: its scripts, apps and environment, from the build that made it. */
export async function getAgentManifest({ agentId }: { agentId: string }): Promise<AgentManifest> {
  const prisma = await db();
  const agent = await prisma.workspaceAgent.findUnique({
    where: { id: agentId },
    include: {
      scripts: { orderBy: [{ position: "asc" }, { name: "asc" }] },
      apps: { orderBy: { slug: "asc" } },
      resource: {
        select: {
          job: {
            select: {
              build: {
                select: {
                  parameters: true,
                  workspace: { select: { id: true, name: true, owner: { select: { username: true } } } },
                },
              },
            },
          },
        },
      },
    },
  });
  const build = agent?.resource.job.build;
  if (!agent || !build) throw notFound("agent");
  const { workspace } = build;
  return {
    agentId: agent.id,
    name: agent.name,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    ownerName: workspace.owner.username,
    directory: agent.directory,
    env: scriptEnv({
      parameters: buildParametersSchema.parse(build.parameters),
      workspaceName: workspace.name,
      ownerName: workspace.owner.username,
      directory: agent.directory,
    }),
    scripts: agent.scripts.map((script) => ({
      id: script.id,
      name: script.name,
      script: script.script,
      runOnStart: script.runOnStart,
      timeoutSeconds: script.timeoutSeconds,
    })),
    apps: agent.apps.map((app) => ({
      slug: app.slug,
      displayName: app.displayName,
      port: app.port,
      path: app.path,
      healthcheck: app.healthcheckPath
        ? { path: app.healthcheckPath, intervalSeconds: app.healthcheckInterval, threshold: app.healthcheckThreshold }
        : null,
    })),
    heartbeatIntervalMs: config().agentHeartbeatMs,
  };
}
