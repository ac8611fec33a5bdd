import { existsSync } from "node:fs";

/** A folder or file of the host made visible inside the sandbox. */
export type SandboxBind = { source: string; target: string; readOnly: boolean };

/**
 * System files shared read-only: /usr (programs, Node) with the merged-/usr symlinks, and of
 * /etc only what programs need and what holds no secret of the host (no shadow, no ssh keys, no
 * environment files). passwd, group, hosts, hostname and resolv.conf are the sandbox's own.
 */
const HOST_ETC = [
  "/etc/alternatives",
  "/etc/ssl",
  "/etc/ca-certificates",
  "/etc/ld.so.cache",
  "/etc/nsswitch.conf",
  "/etc/localtime",
  "/etc/protocols",
  "/etc/services",
  "/etc/bash.bashrc",
  "/etc/profile",
  "/etc/inputrc",
];

export function systemBinds(): string[] {
  const args = ["--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin", "--symlink", "usr/lib", "/lib"];
  if (existsSync("/usr/lib64")) args.push("--symlink", "usr/lib64", "/lib64");
  if (existsSync("/usr/lib32")) args.push("--symlink", "usr/lib32", "/lib32");
  return args;
}

export type SandboxSpec = {
  /** The workspace home on the host, read-write at `homeInside`. */
  home: string;
  homeInside: string;
  /** UTS hostname: the workspace name. */
  hostname: string;
  /** Folder of the sandbox's own /etc files (writeSandboxEtc). */
  etcDir: string;
  /** The whole environment inside: nothing of the host's is inherited. */
  env: Record<string, string>;
  /** Working directory inside; the home by default. */
  cwd?: string;
  binds?: SandboxBind[];
  /**
   * Kill the sandbox when the process that started it dies: right for build steps (their
   * provisioner owns them), wrong for the agent, which outlives a provisioner restart.
   */
  dieWithParent: boolean;
};

/** The bwrap options of a workspace's sandbox (the command follows them, after `--`). */
export function bwrapOptions(spec: SandboxSpec): string[] {
  const args = [...systemBinds(), "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp", "--dir", "/run"];
  for (const file of ["passwd", "group", "hosts", "hostname", "resolv.conf"]) args.push("--ro-bind", `${spec.etcDir}/${file}`, `/etc/${file}`);
  for (const file of HOST_ETC) if (existsSync(file)) args.push("--ro-bind", file, file);
  args.push("--bind", spec.home, spec.homeInside);
  for (const bind of spec.binds ?? []) args.push(bind.readOnly ? "--ro-bind" : "--bind", bind.source, bind.target);
  // The root bwrap builds (/etc, /run, /opt) is a tmpfs: read-only once it is set up, so only the
  // home, /tmp, /var/tmp and the binds asked for are writable.
  args.push("--remount-ro", "/");
  // No capability inside, explicitly (bwrap keeps some for uid 0 inside): nothing there may change
  // the routes that cut the host off (outbound-network.ts) or anything else of the namespaces.
  args.push("--unshare-all", "--hostname", spec.hostname, "--uid", "1000", "--gid", "1000", "--cap-drop", "ALL");
  if (spec.dieWithParent) args.push("--die-with-parent");
  args.push("--chdir", spec.cwd ?? spec.homeInside, "--clearenv");
  for (const [name, value] of Object.entries(spec.env)) args.push("--setenv", name, value);
  return args;
}
