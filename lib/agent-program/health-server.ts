import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AgentHealth } from "../workspace-agents/schemas";

export type HealthServer = {
  /** `127.0.0.1:PORT`, as the agent registers it for the server to dial. */
  address: string;
  close(): Promise<void>;
};

/**
 * The agent's listener: `GET /health` answers `{status: "ok", agentId}`. The server dialling it
 * is what "connecting to the agent" means, a real round-trip to this process. Port 0: the OS
 * picks a free one, so any number of agents share a host.
 */
export function startHealthServer({ agentId, host = "127.0.0.1" }: { agentId: string; host?: string }): Promise<HealthServer> {
  const server = http.createServer((request, response) => {
    const isHealth = request.method === "GET" && request.url?.split("?")[0] === "/health";
    const body: AgentHealth | { message: string } = isHealth ? { status: "ok", agentId } : { message: "not found" };
    response.writeHead(isHealth ? 200 : 404, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        address: `${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
