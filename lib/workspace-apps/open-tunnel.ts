import http from "node:http";
import type { Duplex } from "node:stream";
import { dialSecretFromTokenHash } from "@/lib/workspace-agents/dial-secret";
import { agentAddressSchema, unixSocketOf } from "@/lib/workspace-agents/schemas";

/** The Upgrade token the agent's tunnel answers (lib/agent-program/tunnel.ts). */
const TUNNEL_PROTOCOL = "kiln-tunnel";

export class TunnelError extends Error {}

/** The app's port has no listener (the proxy answers 502 with this). */
export const nothingListens = (port: number) => new TunnelError(`nothing listens on port ${port}`);

/**
 * A raw byte stream to 127.0.0.1:<port> inside the agent's workspace: `GET /tunnel/<port>` with
 * `Upgrade: kiln-tunnel` on the agent's listener, showing its dial secret. Rejects with a
 * TunnelError when the agent cannot be reached or nothing listens on the port.
 */
export function openTunnel({
  address,
  tokenHash,
  port,
  timeoutMs = 5000,
}: {
  address: string;
  tokenHash: string;
  port: number;
  timeoutMs?: number;
}): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    if (!agentAddressSchema.safeParse(address).success) return reject(new TunnelError(`invalid agent address "${address}"`));
    const socketPath = unixSocketOf(address);
    const request = http.request({
      ...(socketPath ? { socketPath } : { host: address.slice(0, address.lastIndexOf(":")), port: Number(address.slice(address.lastIndexOf(":") + 1)) }),
      path: `/tunnel/${port}`,
      agent: false,
      headers: { connection: "Upgrade", upgrade: TUNNEL_PROTOCOL, authorization: `Bearer ${dialSecretFromTokenHash(tokenHash)}`, host: "agent" },
      timeout: timeoutMs,
    });
    request.on("upgrade", (_response, socket, head) => {
      socket.setTimeout(0);
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.on("response", (response) => {
      response.resume();
      reject(response.statusCode === 502 ? nothingListens(port) : new TunnelError(`agent answered HTTP ${response.statusCode}`));
    });
    request.on("timeout", () => request.destroy(new TunnelError("the agent did not answer in time")));
    request.on("error", (error) => reject(error instanceof TunnelError ? error : new TunnelError(error.message)));
    request.end();
  });
}
