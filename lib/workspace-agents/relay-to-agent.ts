import "server-only";
import http from "node:http";
import type { Actor } from "@/lib/auth/actor";
import { errorResponse } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { dialSecretFromTokenHash } from "./dial-secret";
import { findOwnedAgent } from "./find-owned-agent";
import { unixSocketOf } from "./schemas";

/** An agent's error body is small; more than this is not read. */
const MAX_ERROR_BYTES = 64 * 1024;

/**
 * Connections to agents' listeners, kept alive between requests (one pool per unix socket or
 * host:port): a terminal's keystrokes then cost no connect each. Idle ones close after
 * IDLE_SOCKET_MS, before the agent's Node listener drops them (its keep-alive timeout is 5 s),
 * so a kept connection is rarely found closed; when it is, a replayable request goes again.
 */
const IDLE_SOCKET_MS = 4000;
const agentConnections = new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, maxFreeSockets: 16 });

export type RelayOptions = {
  agentId: string;
  actor: Actor;
  /** The browser's request: its Last-Event-ID is passed on, and its abort ends the upstream request. */
  request: Request;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The agent's own path, e.g. `/processes`; ids in it are already validated. */
  path: string;
  query?: Record<string, string | undefined>;
  /** Validated body, sent as JSON. */
  body?: unknown;
  /**
   * Whether the agent may receive this request twice (a kept-alive connection found closed is
   * retried once). Default: all but POST; a terminal's input and resize say so (seq, size).
   */
  isReplayable?: boolean;
  now?: Date;
};

/**
 * The workspace API's one relay (docs/api.md, "Inside a workspace"): finds the actor's own agent
 * (else 404), refuses when it is not connected (409), and forwards the request to the agent's
 * listener with the dial secret. The answer streams back as it comes (terminal SSE unbuffered);
 * the agent's 4xx pass through, its 401 and 5xx and socket errors become 502s.
 *
 * The agent's `unix:` address is a socket on the provisioner's machine: every replica on that
 * machine can dial it, a server on another machine cannot (yet).
 */
export async function relayToAgent({
  agentId,
  actor,
  request,
  method,
  path,
  query = {},
  body,
  isReplayable = method !== "POST",
  now = new Date(),
}: RelayOptions): Promise<Response> {
  const agent = await findOwnedAgent({ agentId, actor, now });
  if (agent.status !== "connected" || !agent.address) {
    throw new AppError("conflict", `workspace agent is not connected (status: ${agent.status})`);
  }
  const lastEventId = request.headers.get("last-event-id") ?? query.lastEventId;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...(lastEventId ? { lastEventId } : {}) })) {
    if (value !== undefined) search.set(key, value);
  }
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = {
    authorization: `Bearer ${dialSecretFromTokenHash(agent.tokenHash)}`,
    ...(lastEventId ? { "last-event-id": lastEventId } : {}),
    ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) }),
  };
  const socketPath = unixSocketOf(agent.address);
  const url = new URL(`http://${socketPath ? "agent" : agent.address}${path}${search.size ? `?${search}` : ""}`);

  return new Promise<Response>((resolve) => {
    const send = (mayRetry: boolean) => {
      let isAnswered = false;
      const upstream = http.request(url, { method, headers, agent: agentConnections, ...(socketPath ? { socketPath } : {}) }, (response) => {
        isAnswered = true;
        const status = response.statusCode ?? 502;
        if (status === 401 || status >= 500) {
          return readLimited(response).then((text) => {
            const reason = status === 401 ? "the agent refused the server's dial secret" : `the agent answered ${status}: ${agentMessage(text)}`;
            resolve(errorResponse(new AppError("bad_gateway", `workspace agent error: ${reason}`)));
          });
        }
        resolve(streamed(response, upstream, status));
      });
      upstream.on("error", (error) => {
        // A kept-alive connection the agent had just closed: nothing reached it, go again on a new one.
        if (mayRetry && !isAnswered && upstream.reusedSocket && !request.signal.aborted) return send(false);
        resolve(errorResponse(new AppError("bad_gateway", `could not reach the workspace agent: ${error.message}`)));
      });
      // The client went away: the agent's wait or stream ends too, rather than running on unread.
      const onAbort = () => upstream.destroy();
      if (request.signal.aborted) onAbort();
      request.signal.addEventListener("abort", onAbort, { once: true });
      upstream.on("close", () => request.signal.removeEventListener("abort", onAbort));
      upstream.end(payload);
    };
    send(isReplayable);
  });
}

/** The agent's answer as a web Response whose body flows with backpressure. */
function streamed(response: http.IncomingMessage, upstream: http.ClientRequest, status: number): Response {
  const headers = new Headers();
  const contentType = response.headers["content-type"];
  if (contentType) headers.set("content-type", contentType);
  if (contentType?.startsWith("text/event-stream")) {
    headers.set("cache-control", "no-cache, no-transform");
    // Proxies (nginx) must not hold events back.
    headers.set("x-accel-buffering", "no");
  }
  if (status === 204 || status === 304) {
    response.resume();
    return new Response(null, { status, headers });
  }
  // Once closed or cancelled, late events from the socket are dropped rather than thrown.
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const end = (error?: Error) => {
        if (!open) return;
        open = false;
        if (error) controller.error(error);
        else controller.close();
      };
      response.on("data", (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) response.pause();
      });
      response.on("end", () => end());
      response.on("error", (error) => end(error));
      response.on("aborted", () => end(new Error("the workspace agent closed the stream")));
    },
    pull() {
      response.resume();
    },
    cancel() {
      open = false;
      upstream.destroy();
    },
  });
  return new Response(body, { status, headers });
}

function readLimited(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ERROR_BYTES) chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function agentMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === "string") return message;
  } catch {
    // Not JSON: the text itself, cut.
  }
  return text.slice(0, 200) || "no message";
}
