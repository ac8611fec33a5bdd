import type http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";

/** The Upgrade token of the agent's tunnel: the server asks for it, nothing else may. */
export const TUNNEL_PROTOCOL = "kiln-tunnel";

/** How long connecting to the port inside the workspace may take before the tunnel answers 502. */
const CONNECT_TIMEOUT_MS = 5000;
/** How long a tunnel whose app side closed waits for the server to read the rest and close its side. */
const CLOSE_LINGER_MS = 30_000;

/** The port of `/tunnel/<port>`, or null: a plain decimal number 1..65535 and nothing else. */
export function tunnelPort(url: string | undefined): number | null {
  const path = (url ?? "").split("?")[0] ?? "";
  if (!path.startsWith("/tunnel/")) return null;
  const digits = path.slice("/tunnel/".length);
  if (digits.length === 0 || digits.length > 5 || ![...digits].every((c) => c >= "0" && c <= "9")) return null;
  const port = Number(digits);
  return port >= 1 && port <= 65535 ? port : null;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, () => socket.destroy());
}

/**
 * `GET /tunnel/<port>` with `Upgrade: kiln-tunnel` (the caller checked the dial secret): connects
 * to 127.0.0.1:<port> in the workspace's own network, answers 101 and pipes bytes both ways until
 * either side ends. A raw byte pipe, so HTTP, streamed responses and WebSockets all pass alike; the
 * server speaks HTTP over it. Port not listening → 502.
 */
export function handleTunnelUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
  const port = tunnelPort(request.url);
  if (request.method !== "GET" || port === null || request.headers.upgrade?.toLowerCase() !== TUNNEL_PROTOCOL) {
    return refuse(socket, 404, "Not Found");
  }
  let connected = false;
  const target = net.connect({ host: "127.0.0.1", port });
  target.setTimeout(CONNECT_TIMEOUT_MS, () => target.destroy(new Error("connect timeout")));
  socket.on("error", () => target.destroy());
  target.once("error", () => {
    if (!connected) refuse(socket, 502, "Bad Gateway");
    else socket.destroy();
  });
  target.once("connect", () => {
    connected = true;
    target.setTimeout(0);
    target.setNoDelay(true);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: ${TUNNEL_PROTOCOL}\r\n\r\n`);
    if (head.length > 0) target.write(head);
    socket.pipe(target);
    target.pipe(socket);
    // The app closed: what it sent is still on its way to the server (pipe ends the tunnel once it
    // is written out), and a body that ends with the connection must arrive whole. Only a broken
    // app connection breaks the tunnel at once.
    target.on("close", (hadError) => {
      if (hadError) return socket.destroy();
      const linger = setTimeout(() => socket.destroy(), CLOSE_LINGER_MS).unref();
      socket.once("close", () => clearTimeout(linger));
    });
    socket.on("close", () => target.destroy());
  });
}
