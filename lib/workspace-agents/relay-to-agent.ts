import "server-only";
import type http from "node:http";
import type { Actor } from "@/lib/auth/actor";
import { errorResponse } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { agentMessage, agentRequest, readBody } from "./agent-request";
import { findOwnedAgent } from "./find-owned-agent";

/** An agent's error body is small; more than this is not read. */
const MAX_ERROR_BYTES = 64 * 1024;

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
export async function relayToAgent({ agentId, actor, request, method, path, query = {}, body, now = new Date() }: RelayOptions): Promise<Response> {
  const agent = await findOwnedAgent({ agentId, actor, now });
  if (agent.status !== "connected" || !agent.address) {
    throw new AppError("conflict", `workspace agent is not connected (status: ${agent.status})`);
  }
  const lastEventId = request.headers.get("last-event-id") ?? query.lastEventId;
  try {
    // The client went away: the agent's wait or stream ends too, rather than running on unread.
    const { response, request: upstream } = await agentRequest({
      agent: { address: agent.address, tokenHash: agent.tokenHash },
      method,
      path,
      query: { ...query, ...(lastEventId ? { lastEventId } : {}) },
      body,
      headers: lastEventId ? { "last-event-id": lastEventId } : {},
      signal: request.signal,
    });
    const status = response.statusCode ?? 502;
    if (status === 401 || status >= 500) {
      const text = await readBody(response, MAX_ERROR_BYTES);
      const reason = status === 401 ? "the agent refused the server's dial secret" : `the agent answered ${status}: ${agentMessage(text)}`;
      return errorResponse(new AppError("bad_gateway", `workspace agent error: ${reason}`));
    }
    return streamed(response, upstream, status);
  } catch (error) {
    return errorResponse(new AppError("bad_gateway", `could not reach the workspace agent: ${(error as Error).message}`));
  }
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
