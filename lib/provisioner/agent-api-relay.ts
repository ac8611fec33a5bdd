import { mkdir, readdir, rm } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { config } from "@/lib/config";
import { agentChannelDir, API_SOCKET_NAME, MAX_SOCKET_PATH } from "@/lib/sandbox/sandbox-paths";
import { agentApiTarget } from "./agent-api-target";

// A sandboxed agent has no route to the host's loopback, where Kiln listens. The provisioner that
// runs it relays a unix socket in the agent's channel folder (bound into the sandbox) to
// KILN_ACCESS_URL, passing only the agent API: that socket is the workspace's one door to Kiln,
// and every request through it still needs the agent's token.

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host"]);

const globalState = globalThis as unknown as { __kilnAgentRelays?: Map<string, http.Server> };
const relays = () => (globalState.__kilnAgentRelays ??= new Map());

function relayRequest(targetUrl: string, incoming: http.IncomingMessage, outgoing: http.ServerResponse): void {
  const target = agentApiTarget({ url: incoming.url ?? "", base: targetUrl });
  if (!target) {
    outgoing.writeHead(404, { "content-type": "application/json" }).end('{"message":"not found"}');
    return;
  }
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  const request = (target.protocol === "https:" ? https : http).request(target, { method: incoming.method, headers }, (response) => {
    const responseHeaders: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(response.headers)) if (!HOP_BY_HOP.has(name)) responseHeaders[name] = value;
    outgoing.writeHead(response.statusCode ?? 502, responseHeaders);
    response.pipe(outgoing);
  });
  request.on("error", (error) => {
    if (outgoing.headersSent) return void outgoing.destroy();
    outgoing.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ message: `relay: ${error.message}` }));
  });
  incoming.pipe(request);
}

/** Starts (once) the API relay of an agent's channel folder; resolves when it listens. */
export async function ensureAgentApiRelay({ agentId, targetUrl = config().accessUrl }: { agentId: string; targetUrl?: string }): Promise<string> {
  const socketPath = path.join(agentChannelDir(agentId), API_SOCKET_NAME);
  if (relays().has(agentId)) return socketPath;
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw new Error(`the agent channel socket path is longer than ${MAX_SOCKET_PATH} bytes (${socketPath}): use a shorter KILN_DATA_DIR`);
  }
  await mkdir(path.dirname(socketPath), { recursive: true });
  await rm(socketPath, { force: true });
  const server = http.createServer((incoming, outgoing) => relayRequest(targetUrl, incoming, outgoing));
  relays().set(agentId, server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  }).catch((error: unknown) => {
    relays().delete(agentId);
    throw error;
  });
  return socketPath;
}

/** Stops an agent's relay (its agent stopped). */
export async function closeAgentApiRelay({ agentId }: { agentId: string }): Promise<void> {
  const server = relays().get(agentId);
  relays().delete(agentId);
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Stops every relay of this process (provisioner shutdown); agents retry until a provisioner restores them. */
export async function closeAllAgentApiRelays(): Promise<void> {
  await Promise.all([...relays().keys()].map((agentId) => closeAgentApiRelay({ agentId })));
}

/**
 * Agents outlive their provisioner: at its start it relays again for every channel folder left,
 * whose agents have kept retrying. Folders of stopped agents are removed by stopAgentProcess.
 */
export async function restoreAgentApiRelays(): Promise<number> {
  let agentIds: string[];
  try {
    agentIds = await readdir(path.join(config().dataDir, "ch"));
  } catch {
    return 0;
  }
  let restored = 0;
  for (const agentId of agentIds) {
    if (!/^[0-9a-f-]{36}$/.test(agentId)) continue;
    await ensureAgentApiRelay({ agentId }).then(
      () => restored++,
      (error: unknown) => console.error(`kiln: cannot relay for agent ${agentId}:`, error),
    );
  }
  return restored;
}
