import path from "node:path";
import { config } from "@/lib/config";
import type { TemplateSpec } from "@/lib/templates/schemas";
import { writeSandboxEtc } from "./sandbox-etc";
import { bwrapOptions, type SandboxBind } from "./sandbox-command";
import { launchCommand, type LaunchCommand } from "./sandbox-launcher";
import { homeInside, sandboxDir } from "./sandbox-paths";
import { prepareWorkspaceLimits, readOomKills, type WorkspaceLimits } from "./workspace-limits";

export type WorkspaceSandbox = {
  /** The workspace home as processes inside see it. */
  homeInside: string;
  limits: WorkspaceLimits;
  network: "none" | "outbound";
  /** What to spawn (spawnSandboxed) so that `argv` runs inside, with exactly `env` (plus HOME, USER, PATH defaults). */
  command(
    argv: string[],
    options: { env: Record<string, string>; binds?: SandboxBind[]; dieWithParent: boolean; ignoreTerm?: boolean },
  ): LaunchCommand;
  /** Kills by the kernel for memory since the sandbox was prepared (null: unknown). */
  oomKills(): Promise<number | null>;
};

/** The basic environment of every process in a workspace; the caller's KILN_* variables are added. */
export function sandboxBaseEnv(home: string): Record<string, string> {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    USER: path.basename(home),
    LOGNAME: path.basename(home),
    LANG: "C.UTF-8",
    TERM: "xterm-256color",
  };
}

/**
 * Makes a workspace's sandbox ready to run processes: its /etc files and its cgroup with the
 * template's limits (site defaults for what the template leaves out).
 */
export async function prepareWorkspaceSandbox({
  workspace,
  home,
  spec,
}: {
  workspace: { id: string; name: string; ownerName: string };
  /** The home folder on the host. */
  home: string;
  spec: Pick<TemplateSpec, "network" | "limits">;
}): Promise<WorkspaceSandbox> {
  const inside = homeInside(workspace.ownerName);
  const etcDir = path.join(sandboxDir(workspace.id), "etc");
  const network = spec.network ?? "none";
  await writeSandboxEtc({ dir: etcDir, user: path.basename(inside), hostname: workspace.name, network });
  const limits = await prepareWorkspaceLimits({
    workspaceId: workspace.id,
    memoryMb: spec.limits?.memory_mb ?? config().workspaceMemoryMb,
    pids: spec.limits?.pids ?? config().workspacePids,
  });
  const oomBaseline = await readOomKills(limits);
  return {
    homeInside: inside,
    limits,
    network,
    command: (argv, options) =>
      launchCommand({
        options: bwrapOptions({
          home,
          homeInside: inside,
          hostname: workspace.name,
          etcDir,
          env: { ...sandboxBaseEnv(inside), ...options.env },
          binds: options.binds,
          dieWithParent: options.dieWithParent,
        }),
        argv,
        limits,
        network,
        ignoreTerm: options.ignoreTerm,
      }),
    oomKills: async () => {
      const now = await readOomKills(limits);
      return now === null || oomBaseline === null ? now : now - oomBaseline;
    },
  };
}
