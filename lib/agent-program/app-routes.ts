import type http from "node:http";
import { listeningPorts } from "./listening-ports";

/**
 * The agent's routes for workspace apps, behind the listener's dial-secret check:
 * `GET /ports` lists the TCP ports listening inside the workspace. Returns false for any other
 * request (the listener answers it).
 */
export function handleAppRoutes(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  const path = request.url?.split("?")[0];
  if (request.method !== "GET" || path !== "/ports") return false;
  void listeningPorts().then((ports) => {
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify({ ports }));
  });
  return true;
}
