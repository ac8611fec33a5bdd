import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Route handlers by exact path, the way a route.ts module exports them. */
export type RouteTable = Record<string, { GET?: Handler; POST?: Handler }>;

export type RouteServer = {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
};

/** IncomingMessage → fetch Request, the body streamed rather than read first. */
function toRequest(incoming: http.IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  return new Request(new URL(incoming.url ?? "/", origin), {
    method: incoming.method,
    headers,
    body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
    // Required by Node's fetch for a streamed request body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

/** fetch Response → ServerResponse, streamed chunk by chunk (SSE answers keep flowing). */
async function sendResponse(response: Response, outgoing: http.ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  outgoing.writeHead(response.status, headers);
  if (!response.body) return void outgoing.end();
  const reader = response.body.getReader();
  // The client went away: stop reading, so the handler's stream sees its cancel.
  outgoing.on("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      outgoing.write(value);
    }
  } finally {
    outgoing.end();
  }
}

/**
 * Serves route handlers over real HTTP on 127.0.0.1, for tests where another process — a
 * workspace agent — calls the API. Paths match exactly; the query is passed along. A free port
 * unless `port` is given (to bring a "server" back at the address its clients already know).
 */
export function startRouteServer(routes: RouteTable, { port = 0 }: { port?: number } = {}): Promise<RouteServer> {
  const server = http.createServer((incoming, outgoing) => {
    const origin = `http://${incoming.headers.host ?? "127.0.0.1"}`;
    const pathname = new URL(incoming.url ?? "/", origin).pathname;
    const route = routes[pathname];
    const handler = route?.[incoming.method as "GET" | "POST"];
    const answer = handler
      ? handler(toRequest(incoming, origin), { params: Promise.resolve({}) })
      : Promise.resolve(Response.json({ message: route ? "Method not allowed." : "No such API route." }, { status: route ? 405 : 404 }));
    answer
      .then((response) => sendResponse(response, outgoing))
      .catch((error: unknown) => {
        console.error("route server:", error);
        if (!outgoing.headersSent) outgoing.writeHead(500, { "content-type": "application/json" });
        outgoing.end(JSON.stringify({ message: "route server error" }));
      });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
