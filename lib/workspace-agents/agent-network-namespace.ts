import { open, readFile, readlink, stat, type FileHandle } from "node:fs/promises";
import { agentProcessPid } from "./agent-process";
import { procStatFields } from "@/lib/processes/proc-stat";

/**
 * Where an agent's network is, read from the agent's pid file, never from anything the workspace
 * reports: `host` when the agent is a process of this host's own network (no sandbox); else its
 * sandbox's namespace, `inode` telling it apart from a later one, `holder` the process in it
 * (while it lives with that inode, the sandbox does), `open` giving a handle on it.
 * The pid file names bwrap, whose one child (the sandbox's init) holds the sandbox's namespaces.
 * Null when the agent is not running on this host, is still starting, or /proc cannot say.
 */
export type AgentNetwork = { kind: "host" } | { kind: "namespace"; inode: number; holder: number; open(): Promise<FileHandle | null> };

/** The inode of the network namespace of `pid`, or null when it is gone (cheap: one stat). */
export const netnsInodeOf = (pid: number | "self") => stat(`/proc/${pid}/ns/net`).then((found) => found.ino, () => null);

const parentOf = async (pid: number) => Number(procStatFields(await readFile(`/proc/${pid}/stat`, "utf8"))[1]);

export async function agentNetworkNamespace({ agentId }: { agentId: string }): Promise<AgentNetwork | null> {
  const pid = await agentProcessPid({ agentId });
  if (pid === null) return null;
  try {
    const own = await netnsInodeOf("self");
    if (own === null || (await netnsInodeOf(pid)) !== own) return null;
    const comm = (await readFile(`/proc/${pid}/comm`, "utf8")).trim();
    if (comm !== "bwrap") {
      // An agent without a sandbox is this node program itself; anything else (a sandbox's
      // launcher, before it becomes bwrap) is not yet an agent to connect through.
      return (await readlink(`/proc/${pid}/exe`)) === (await readlink("/proc/self/exe")) ? { kind: "host" } : null;
    }
    const child = Number((await readFile(`/proc/${pid}/task/${pid}/children`, "utf8")).trim().split(" ")[0]);
    if (!Number.isInteger(child) || child <= 0) return null;
    const inode = await netnsInodeOf(child);
    if (inode === null || inode === own) return null;
    return {
      kind: "namespace",
      inode,
      holder: child,
      async open() {
        const handle = await open(`/proc/${child}/ns/net`, "r").catch(() => null);
        if (!handle) return null;
        // Checked once the handle is held, so a pid reused since cannot pass for the sandbox: still
        // the same namespace, still the child of this agent's bwrap, which is still the agent's.
        const isSame = await Promise.all([handle.stat(), parentOf(child), agentProcessPid({ agentId })])
          .then(([held, parent, agentPid]) => held.ino === inode && parent === pid && agentPid === pid)
          .catch(() => false);
        if (isSame) return handle;
        await handle.close();
        return null;
      },
    };
  } catch {
    return null;
  }
}
