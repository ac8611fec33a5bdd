import { readFile, stat } from "node:fs/promises";
import { agentProcessPid } from "./agent-process";

/**
 * Where an agent's network is: `host` when the agent runs in this process's own network namespace
 * (no sandbox), else the namespace of its sandbox (`path` names it under /proc, `inode` tells it
 * apart from a later one), read from the agent's pid file (bwrap's pid; its one child holds the
 * sandbox's namespaces). Null when the agent is not running on this host, or /proc cannot say.
 */
export type AgentNetwork = { kind: "host" } | { kind: "namespace"; path: string; inode: number };

const netnsInode = async (pid: number | "self") => (await stat(`/proc/${pid}/ns/net`)).ino;

export async function agentNetworkNamespace({ agentId }: { agentId: string }): Promise<AgentNetwork | null> {
  const pid = await agentProcessPid({ agentId });
  if (pid === null) return null;
  try {
    const own = await netnsInode("self");
    if ((await netnsInode(pid)) !== own) return null;
    // Without a sandbox the pid is the agent's own.
    if ((await readFile(`/proc/${pid}/comm`, "utf8")).trim() !== "bwrap") return { kind: "host" };
    // bwrap stays in the host's namespaces; its one child (the sandbox's init) is in the sandbox's.
    const child = Number((await readFile(`/proc/${pid}/task/${pid}/children`, "utf8")).trim().split(" ")[0]);
    if (!Number.isInteger(child) || child <= 0) return null;
    const inode = await netnsInode(child);
    return inode === own ? null : { kind: "namespace", path: `/proc/${child}/ns/net`, inode };
  } catch {
    return null;
  }
}
