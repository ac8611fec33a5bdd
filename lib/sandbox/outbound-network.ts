import { spawn } from "node:child_process";
import { readFile, readlink } from "node:fs/promises";

const FIND_CHILD_MS = 2000;

/**
 * The network namespace bwrap made, as a path: that of its first child once the child has left
 * ours (right after the fork it is still in the host's namespaces).
 */
async function sandboxNetns(bwrapPid: number): Promise<string | null> {
  const deadline = Date.now() + FIND_CHILD_MS;
  const host = await readlink("/proc/self/ns/net");
  while (Date.now() < deadline) {
    try {
      const [first] = (await readFile(`/proc/${bwrapPid}/task/${bwrapPid}/children`, "utf8")).trim().split(/\s+/);
      const netns = first ? `/proc/${first}/ns/net` : null;
      if (netns && (await readlink(netns).catch(() => host)) !== host) return netns;
    } catch {
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return null;
}

/**
 * Gives a sandbox's private network namespace a way out: slirp4netns, a user-mode stack that
 * reaches the outside from the host's side, with the host's loopback cut off (so the workspace
 * still cannot reach PostgreSQL or Kiln on 127.0.0.1). Resolves with slirp4netns's pid (it ends
 * by itself when the namespace goes; stop it with the workspace anyway), or null when it could
 * not start, with the reason.
 */
export async function attachOutboundNetwork({
  bwrapPid,
}: {
  bwrapPid: number;
}): Promise<{ pid: number } | { pid: null; error: string }> {
  const netns = await sandboxNetns(bwrapPid);
  if (netns === null) return { pid: null, error: "the sandbox ended before its network could be set up" };
  // By path, not by pid: given a pid, slirp4netns joins that process's user namespace too, where
  // it has no right to the network namespace bwrap made as root (setns: EPERM).
  const slirp = spawn("slirp4netns", ["--configure", "--mtu=65520", "--disable-host-loopback", "--netns-type=path", netns, "tap0"], {
    detached: true,
    stdio: "ignore",
  });
  return new Promise((resolve) => {
    slirp.once("error", (error: NodeJS.ErrnoException) =>
      resolve({ pid: null, error: error.code === "ENOENT" ? "slirp4netns is not installed (apt-get install slirp4netns)" : error.message }),
    );
    slirp.once("spawn", () => {
      slirp.unref();
      resolve({ pid: slirp.pid! });
    });
  });
}
