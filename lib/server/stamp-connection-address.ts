import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { CONNECTION_ADDRESS_HEADER } from "@/lib/api/client-address";

let isStamping = false;

/**
 * Stamps each incoming HTTP request with its connection's remote address, replacing any such
 * header the client sent. Node publishes `http.server.request.start` before the server's
 * 'request' listener (Next) runs, so route handlers see the stamp as an ordinary header.
 */
export function stampConnectionAddress(): void {
  if (isStamping) return;
  isStamping = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    if (socket.remoteAddress) request.headers[CONNECTION_ADDRESS_HEADER] = socket.remoteAddress;
    else delete request.headers[CONNECTION_ADDRESS_HEADER];
  });
}
