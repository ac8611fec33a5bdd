import { timingSafeEqual } from "node:crypto";
import { rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { AgentHealth } from "../workspace-agents/schemas";
import { handleAppRoutes } from "./app-routes";
import { handleTunnelUpgrade } from "./tunnel";

export type HealthServer = {
  /** What the agent registers for the server to dial: `unix:<path>` or `127.0.0.1:PORT`. */
  address: string;
  close(): Promise<void>;
};

function hasSecret(header: string | undefined, secret: string): boolean {
  const given = Buffer.from(header ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The agent's listener: `GET /health` answers `{status: "ok", agentId}` to a request carrying the
 * agent's dial secret (anything else: 401), and `handle` every other request with the secret, so neither the workspace's own processes nor other
 * users of the host learn anything from it. The server dialling it is what "connecting to the
 * agent" means, a real round-trip to this process. It listens on the unix socket `socketPath`
 * (bound into the sandbox from a host folder) and registers `address`; without a socket, on
 * 127.0.0.1 with a port the OS picks.
 */
export function startHealthServer({
  agentId,
  secret,
  socketPath,
  address,
  host = "127.0.0.1",
  handle,
}: {
  agentId: string;
  secret: string;
  socketPath?: string;
  /** The address the server dials, when it differs from where the agent listens (a sandbox's bound folder). */
  address?: string;
  host?: string;
  /** Answers every other request that carries the secret (the workspace API); without it they are 404. */
  handle?: (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void>;
}): Promise<HealthServer> {
  const server = http.createServer((request, response) => {
    const reply = (status: number, body: AgentHealth | { message: string }) => {
      response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(JSON.stringify(body));
    };
    if (!hasSecret(request.headers.authorization, secret)) return reply(401, { message: "unauthorized" });
    if (handleAppRoutes(request, response)) return;
    const isHealth = request.method === "GET" && request.url?.split("?")[0] === "/health";
    if (isHealth) return reply(200, { status: "ok", agentId });
    if (handle) return void handle(request, response);
    reply(404, { message: "not found" });
  });
  server.on("upgrade", (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!hasSecret(request.headers.authorization, secret)) return void socket.end("HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n");
    handleTunnelUpgrade(request, socket, head);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const close = () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
    if (socketPath) {
      // A socket file left by an earlier run of this agent would make listen fail.
      void rm(socketPath, { force: true }).then(() =>
        server.listen(socketPath, () => resolve({ address: address ?? `unix:${socketPath}`, close })),
      );
      return;
    }
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({ address: address ?? `${host}:${port}`, close });
    });
  });
}
