import { existsSync, readFileSync } from "node:fs";
import { mkdir, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { readOomKillCount } from "./oom-kills";

/**
 * How a workspace's memory and process count are bounded: a cgroup per workspace (v1 memory +
 * pids controllers, or v2) that the sandbox's launcher joins before it starts anything, or, where
 * no cgroup can be written, rlimits of the launcher (inherited by everything inside).
 */
export type WorkspaceLimits =
  | { kind: "cgroup-v1" | "cgroup-v2"; memoryMb: number; pids: number; procsFiles: string[]; oomFile: string }
  | { kind: "rlimit"; memoryMb: number; pids: number };

const CGROUP_ROOT = "/sys/fs/cgroup";

/** This process's own cgroup for a v1 controller (or v2 with ""), so workspaces stay inside the host's limits on us. */
function ownCgroup(controller: string): string {
  try {
    for (const line of readFileSync("/proc/self/cgroup", "utf8").split("\n")) {
      const [, controllers, cgroupPath] = line.split(":");
      if (controllers === undefined || cgroupPath === undefined) continue;
      if (controller === "" ? line.startsWith("0::") : controllers.split(",").includes(controller)) return cgroupPath;
    }
  } catch {
    // No /proc: the root.
  }
  return "/";
}

function cgroupDirs(workspaceId: string): { kind: "cgroup-v1" | "cgroup-v2"; dirs: string[] } | null {
  const name = `kiln-${workspaceId}`;
  if (existsSync(path.join(CGROUP_ROOT, "cgroup.controllers"))) {
    return { kind: "cgroup-v2", dirs: [path.join(CGROUP_ROOT, ownCgroup(""), name)] };
  }
  if (existsSync(path.join(CGROUP_ROOT, "memory")) && existsSync(path.join(CGROUP_ROOT, "pids"))) {
    return {
      kind: "cgroup-v1",
      dirs: [path.join(CGROUP_ROOT, "memory", ownCgroup("memory"), name), path.join(CGROUP_ROOT, "pids", ownCgroup("pids"), name)],
    };
  }
  return null;
}

/** Creates (or updates) the workspace's cgroup with its limits; rlimits when that is not possible. */
export async function prepareWorkspaceLimits({
  workspaceId,
  memoryMb,
  pids,
}: {
  workspaceId: string;
  memoryMb: number;
  pids: number;
}): Promise<WorkspaceLimits> {
  const plan = cgroupDirs(workspaceId);
  if (!plan) return { kind: "rlimit", memoryMb, pids };
  const bytes = String(memoryMb * 1024 * 1024);
  try {
    for (const dir of plan.dirs) await mkdir(dir, { recursive: true });
    if (plan.kind === "cgroup-v2") {
      const [dir] = plan.dirs as [string];
      await writeFile(path.join(dir, "memory.max"), bytes);
      await writeFile(path.join(dir, "memory.swap.max"), "0").catch(() => {});
      await writeFile(path.join(dir, "pids.max"), String(pids));
      return { kind: plan.kind, memoryMb, pids, procsFiles: [path.join(dir, "cgroup.procs")], oomFile: path.join(dir, "memory.events") };
    }
    const [memoryDir, pidsDir] = plan.dirs as [string, string];
    await writeFile(path.join(memoryDir, "memory.limit_in_bytes"), bytes);
    // Without swap accounting the file is absent; where present, swap must not extend the limit.
    await writeFile(path.join(memoryDir, "memory.memsw.limit_in_bytes"), bytes).catch(() => {});
    await writeFile(path.join(pidsDir, "pids.max"), String(pids));
    return {
      kind: plan.kind,
      memoryMb,
      pids,
      procsFiles: plan.dirs.map((dir) => path.join(dir, "cgroup.procs")),
      oomFile: path.join(memoryDir, "memory.oom_control"),
    };
  } catch {
    // Not writable (an unprivileged server, a read-only cgroupfs): rlimits still bound a runaway.
    return { kind: "rlimit", memoryMb, pids };
  }
}

/** How many processes the kernel killed for going over the memory limit so far; null = unknown. */
export async function readOomKills(limits: WorkspaceLimits): Promise<number | null> {
  return limits.kind === "rlimit" ? null : readOomKillCount(limits.oomFile);
}

/** Removes the workspace's cgroup once nothing runs in it (stop, delete); a busy one is left. */
export async function removeWorkspaceLimits({ workspaceId }: { workspaceId: string }): Promise<void> {
  const plan = cgroupDirs(workspaceId);
  for (const dir of plan?.dirs ?? []) await rmdir(dir).catch(() => {});
}
