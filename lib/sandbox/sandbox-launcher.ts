import { existsSync } from "node:fs";
import type { WorkspaceLimits } from "./workspace-limits";

/**
 * The launcher a POSIX shell runs before bwrap: it joins the workspace's cgroups (or sets rlimits)
 * so that nothing of the sandbox ever runs outside them, then becomes bwrap. Fixed text: what
 * varies reaches it as environment variables, and `env -i` keeps all of them from bwrap, whose
 * environment stays readable inside as /proc/1/environ (its reaper, pid 1, is a copy of it).
 */
const LAUNCHER = [
  'for file in $KILN_CGROUP_PROCS; do echo $$ > "$file" || { echo "kiln: cannot join cgroup $file" >&2; exit 125; }; done',
  'if [ -n "$KILN_RLIMIT_AS_KB" ]; then ulimit -v "$KILN_RLIMIT_AS_KB"; fi',
  'if [ -n "$KILN_RLIMIT_NPROC" ]; then ulimit -u "$KILN_RLIMIT_NPROC"; fi',
  // Ignored signals stay ignored across exec: bwrap then outlives a SIGTERM to the group and the
  // agent inside shuts down gracefully (a SIGKILL still ends the whole PID namespace).
  'if [ -n "$KILN_IGNORE_TERM" ]; then trap "" TERM INT HUP; fi',
  'exec /usr/bin/env -i "$@"',
].join("\n");

/** The launcher's descriptor from which bwrap reads its options (`--args`). */
export const OPTIONS_FD = 3;
/** Where bwrap writes its child's pid (`--info-fd`), for the network set-up. */
export const INFO_FD = 4;
/** What bwrap's child waits on before it runs the command (`--block-fd`): the network is up by then. */
export const BLOCK_FD = 5;

/**
 * What to spawn (spawnSandboxed) so that a command runs in a sandbox. bwrap's options (host
 * paths of the workspace's home, its /etc files, the agent's channel) are written to the
 * launcher's descriptor OPTIONS_FD, not put on its command line, which processes inside can read
 * as /proc/1/cmdline; only the command itself is there.
 */
export type LaunchCommand = {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** bwrap's options, NUL-separated, for OPTIONS_FD. */
  options: Buffer;
  /** outbound: bwrap reports on INFO_FD and waits on BLOCK_FD until the network is attached. */
  network: "none" | "outbound";
};

const SEARCH_PATH = ["/usr/local/bin", "/usr/bin", "/bin"];
let bwrapPath: string | undefined;

/** bwrap's absolute path: `env -i` leaves no PATH to find it by. */
function bwrap(): string {
  bwrapPath ??= SEARCH_PATH.map((dir) => `${dir}/bwrap`).find((file) => existsSync(file)) ?? "/usr/bin/bwrap";
  return bwrapPath;
}

export function launchCommand({
  options,
  argv,
  limits,
  network,
  ignoreTerm = false,
}: {
  /** bwrap's options (bwrapOptions). */
  options: string[];
  /** The command inside. */
  argv: string[];
  limits: WorkspaceLimits;
  network: "none" | "outbound";
  ignoreTerm?: boolean;
}): LaunchCommand {
  const env: Record<string, string> = { PATH: SEARCH_PATH.join(":") };
  if (limits.kind === "rlimit") {
    env.KILN_RLIMIT_AS_KB = String(limits.memoryMb * 1024);
    env.KILN_RLIMIT_NPROC = String(limits.pids);
  } else {
    env.KILN_CGROUP_PROCS = limits.procsFiles.join(" ");
  }
  if (ignoreTerm) env.KILN_IGNORE_TERM = "1";
  const all = network === "outbound" ? [...options, "--info-fd", String(INFO_FD), "--block-fd", String(BLOCK_FD)] : options;
  // dash starts in about half bash's time (bench/sandbox-cost.ts), and every process of a sandbox
  // pays for the launcher; only rlimits need bash (dash has no `ulimit -u`).
  const shell = limits.kind === "rlimit" || !existsSync("/usr/bin/dash") ? "/usr/bin/bash" : "/usr/bin/dash";
  return {
    file: shell,
    args: ["-c", LAUNCHER, "kiln-sandbox", bwrap(), "--args", String(OPTIONS_FD), "--", ...argv],
    env,
    options: Buffer.from(all.map((option) => `${option}\0`).join("")),
    network,
  };
}
