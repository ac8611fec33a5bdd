import { existsSync } from "node:fs";
import type { WorkspaceLimits } from "./workspace-limits";

/**
 * The launcher a POSIX shell runs before bwrap: it joins the workspace's cgroups (or sets rlimits) so that
 * nothing of the sandbox ever runs outside them, then becomes bwrap. Fixed text: what varies
 * reaches it as environment variables, which bwrap --clearenv keeps from the sandbox.
 */
const LAUNCHER = [
  'for file in $KILN_CGROUP_PROCS; do echo $$ > "$file" || { echo "kiln: cannot join cgroup $file" >&2; exit 125; }; done',
  'if [ -n "$KILN_RLIMIT_AS_KB" ]; then ulimit -v "$KILN_RLIMIT_AS_KB"; fi',
  'if [ -n "$KILN_RLIMIT_NPROC" ]; then ulimit -u "$KILN_RLIMIT_NPROC"; fi',
  // Ignored signals stay ignored across exec: bwrap then outlives a SIGTERM to the group and the
  // agent inside shuts down gracefully (a SIGKILL still ends the whole PID namespace).
  'if [ -n "$KILN_IGNORE_TERM" ]; then trap "" TERM INT HUP; fi',
  'exec "$@"',
].join("\n");

export type LaunchCommand = { file: string; args: string[]; env: Record<string, string> };

export function launchCommand({
  bwrapArgs,
  limits,
  ignoreTerm = false,
}: {
  bwrapArgs: string[];
  limits: WorkspaceLimits;
  ignoreTerm?: boolean;
}): LaunchCommand {
  const env: Record<string, string> = { PATH: "/usr/local/bin:/usr/bin:/bin" };
  if (limits.kind === "rlimit") {
    env.KILN_RLIMIT_AS_KB = String(limits.memoryMb * 1024);
    env.KILN_RLIMIT_NPROC = String(limits.pids);
  } else {
    env.KILN_CGROUP_PROCS = limits.procsFiles.join(" ");
  }
  if (ignoreTerm) env.KILN_IGNORE_TERM = "1";
  // dash starts in about half bash's time (bench/sandbox-cost.ts), and every process of a sandbox
  // pays for the launcher; only rlimits need bash (dash has no `ulimit -u`).
  const shell = limits.kind === "rlimit" || !existsSync("/usr/bin/dash") ? "/usr/bin/bash" : "/usr/bin/dash";
  return { file: shell, args: ["-c", LAUNCHER, "kiln-sandbox", "bwrap", ...bwrapArgs], env };
}
