import { execFile, spawn } from "node:child_process";
import { readHostAddresses, SYSTEM_TOOLS_ENV } from "./host-addresses";

/** slirp4netns normally says it is ready, and `ip` has added the routes, within tens of milliseconds. */
const READY_TIMEOUT_MS = 5000;

/**
 * Link-local addresses: not the host itself, but what only the host reaches, such as a cloud's
 * metadata service (169.254.169.254) with its credentials.
 */
const HOST_ONLY_PREFIXES = ["169.254.0.0/16"];

export type NetworkOutcome = { pid: number } | { pid: null; error: string };

/**
 * Routes of the sandbox's network namespace that refuse every address of the host (`prohibit`:
 * connect fails at once with EACCES), so that slirp4netns, which connects from the host's side,
 * is never asked to reach the host's own services (PostgreSQL or Kiln on 0.0.0.0, reached at the
 * host's eth0 address). Added from the host by root, which holds CAP_NET_ADMIN over that namespace;
 * processes inside never do (bwrap drops every capability, and a user namespace they make
 * themselves has no power over a network namespace it does not own), so they cannot remove them.
 */
async function prohibitHostAddresses(netns: string): Promise<void> {
  const prefixes = [...(await readHostAddresses()), ...HOST_ONLY_PREFIXES];
  const batch = prefixes.map((prefix) => `route add prohibit ${prefix}\n`).join("");
  await new Promise<void>((resolve, reject) => {
    const child = execFile("nsenter", [`--net=${netns}`, "ip", "-batch", "-"], { env: SYSTEM_TOOLS_ENV, timeout: READY_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`could not cut the host's addresses off: ${stderr.trim() || error.message}`));
      else resolve();
    });
    child.stdin?.end(batch);
  });
}

/** Starts slirp4netns on the namespace; resolves once it has configured tap0 (its --ready-fd). */
function startSlirp(netns: string): Promise<NetworkOutcome> {
  // By path, not by pid: given a pid, slirp4netns joins that process's user namespace too, where
  // it has no right to the network namespace bwrap made as root (setns: EPERM).
  const slirp = spawn(
    "slirp4netns",
    [
      "--configure",
      "--mtu=65520",
      "--disable-host-loopback",
      // It parses the workspace's packets as host root: in a mount namespace of its own, without
      // capabilities, and with a syscall filter.
      "--enable-sandbox",
      "--enable-seccomp",
      "--ready-fd=3",
      "--netns-type=path",
      netns,
      "tap0",
    ],
    { detached: true, stdio: ["ignore", "ignore", "ignore", "pipe"], env: SYSTEM_TOOLS_ENV },
  );
  return new Promise((resolve) => {
    const ready = slirp.stdio[3];
    let settled = false;
    const done = (outcome: NetworkOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ready?.destroy();
      slirp.unref();
      if (outcome.pid === null && slirp.pid !== undefined) slirp.kill("SIGKILL");
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ pid: null, error: `slirp4netns was not ready within ${READY_TIMEOUT_MS} ms` }), READY_TIMEOUT_MS);
    slirp.once("error", (error: NodeJS.ErrnoException) =>
      done({ pid: null, error: error.code === "ENOENT" ? "slirp4netns is not installed (apt-get install slirp4netns)" : error.message }),
    );
    slirp.once("exit", (code) => done({ pid: null, error: `slirp4netns exited with code ${code}` }));
    ready?.once("data", () => done({ pid: slirp.pid! }));
  });
}

/**
 * Gives a sandbox's private network namespace (that of `sandboxPid`, bwrap's child, while the
 * sandbox's command still waits) a way out: first routes that cut off every address of the host,
 * then slirp4netns, a user-mode stack that reaches the outside from the host's side, with the
 * host's loopback cut off too. Fails closed: without the routes, no slirp4netns. Resolves with
 * slirp4netns's pid (stop it with the sandbox), or null with the reason.
 */
export async function attachOutboundNetwork({ sandboxPid }: { sandboxPid: number }): Promise<NetworkOutcome> {
  const netns = `/proc/${sandboxPid}/ns/net`;
  try {
    await prohibitHostAddresses(netns);
  } catch (error) {
    return { pid: null, error: error instanceof Error ? error.message : String(error) };
  }
  return startSlirp(netns);
}
