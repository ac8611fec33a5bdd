import "server-only";
import { db } from "@/lib/db/client";
import { sandboxBaseEnv, type WorkspaceSandbox } from "@/lib/sandbox/workspace-sandbox";
import type { TemplateSpec } from "@/lib/templates/schemas";
import { storedTemplateSpec } from "@/lib/templates/to-template";
import type { ParameterValue } from "@/lib/templates/validate-parameter-values";
import type { WorkspaceTransition } from "@/lib/workspaces/schemas";
import { JOB_ID_VARIABLE } from "./job-process-groups";
import { workspaceDir } from "./workspace-dir";

export type JobContext = {
  jobId: string;
  buildId: string;
  buildNumber: number;
  transition: WorkspaceTransition;
  workspace: { id: string; name: string; ownerName: string; ttlMs: bigint | null };
  spec: TemplateSpec;
  parameters: ParameterValue[];
  directory: string;
};

/** Everything a job needs to run, read once when it starts. */
export async function loadJobContext(jobId: string): Promise<JobContext> {
  const prisma = await db();
  const build = await prisma.workspaceBuild.findUniqueOrThrow({
    where: { jobId },
    include: { templateVersion: true, workspace: { include: { owner: { select: { username: true } } } } },
  });
  return {
    jobId,
    buildId: build.id,
    buildNumber: build.buildNumber,
    transition: build.transition,
    workspace: {
      id: build.workspaceId,
      name: build.workspace.name,
      ownerName: build.workspace.owner.username,
      ttlMs: build.workspace.ttlMs,
    },
    spec: storedTemplateSpec(build.templateVersion),
    parameters: build.parameters as ParameterValue[],
    directory: workspaceDir(build.workspaceId),
  };
}

/**
 * The environment of build steps (and, through the manifest, of startup scripts): parameters
 * arrive only here, as KILN_PARAM_<NAME>, never inside script text. In a sandbox it is built from
 * scratch; the workspace folder is the home as seen inside.
 */
export function buildEnvironment(context: JobContext, sandbox?: WorkspaceSandbox | null): Record<string, string> {
  const env: Record<string, string> = {
    ...(sandbox
      ? sandboxBaseEnv(sandbox.homeInside)
      : {
          PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
          HOME: process.env.HOME ?? context.directory,
          LANG: process.env.LANG ?? "C.UTF-8",
          TERM: "xterm-256color",
        }),
    KILN_WORKSPACE_NAME: context.workspace.name,
    KILN_WORKSPACE_OWNER: context.workspace.ownerName,
    KILN_WORKSPACE_DIR: sandbox ? sandbox.homeInside : context.directory,
    KILN_TRANSITION: context.transition,
    // Marks the step's processes as this job's (job-process-groups.ts).
    [JOB_ID_VARIABLE]: context.jobId,
  };
  for (const { name, value } of context.parameters) env[`KILN_PARAM_${name.toUpperCase()}`] = value;
  return env;
}
