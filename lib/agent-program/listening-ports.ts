import { readFile } from "node:fs/promises";

export type ListeningPort = { port: number; network: "tcp" | "tcp6" };

/** `st` of a socket in /proc/net/tcp that is listening (TCP_LISTEN). */
const LISTEN_STATE = "0A";

/**
 * The TCP ports listening in this network namespace (the workspace's own network, since the agent
 * runs inside it), from /proc/net/tcp and tcp6: one entry per port and family, sorted. A file
 * that cannot be read (no IPv6) adds nothing.
 */
export async function listeningPorts({ procNet = "/proc/net" }: { procNet?: string } = {}): Promise<ListeningPort[]> {
  const found = new Map<string, ListeningPort>();
  for (const network of ["tcp", "tcp6"] as const) {
    const text = await readFile(`${procNet}/${network}`, "utf8").catch(() => "");
    for (const port of parseProcNetTcp(text)) found.set(`${network}:${port}`, { port, network });
  }
  return [...found.values()].sort((a, b) => a.port - b.port || a.network.localeCompare(b.network));
}

/** The local ports of the LISTEN rows of a /proc/net/tcp{,6} table (header line skipped). */
export function parseProcNetTcp(text: string): number[] {
  const ports: number[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] !== LISTEN_STATE) continue;
    const local = fields[1] ?? "";
    const port = Number.parseInt(local.slice(local.lastIndexOf(":") + 1), 16);
    if (Number.isInteger(port) && port > 0 && port <= 65535) ports.push(port);
  }
  return ports;
}
