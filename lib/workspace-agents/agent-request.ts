import "server-only";
import http from "node:http";
import { dialSecretFromTokenHash } from "./dial-secret";
import { unixSocketOf } from "./schemas";

/** What dialing an agent needs: where it listens and the hash its dial secret derives from. */
export type DialableAgent = { address: string; tokenHash: string };

export type AgentRequestOptions = {
  agent: DialableAgent;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The agent's own path, e.g. `/processes`; ids in it are already validated. */
  path: string;
  query?: Record<string, string | undefined>;
  /** Validated body, sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Ends the request (and the agent's wait or stream) when it aborts. */
  signal?: AbortSignal;
};

/**
 * One HTTP request to an agent's listener (its `unix:` socket or host:port) with the server's dial
 * secret; resolves with the agent's answer as it starts to come, rejects when the agent cannot be
 * reached. Shared by the browser's relay and the chat tools, so both dial the same way.
 */
export function agentRequest({ agent, method, path, query = {}, body, headers = {}, signal }: AgentRequestOptions): Promise<{
  response: http.IncomingMessage;
  request: http.ClientRequest;
}> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, value);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const socketPath = unixSocketOf(agent.address);
  const url = new URL(`http://${socketPath ? "agent" : agent.address}${path}${search.size ? `?${search}` : ""}`);
  const allHeaders: Record<string, string> = {
    authorization: `Bearer ${dialSecretFromTokenHash(agent.tokenHash)}`,
    ...headers,
    ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) }),
  };
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers: allHeaders, agent: false, ...(socketPath ? { socketPath } : {}) }, (response) =>
      resolve({ response, request }),
    );
    request.on("error", reject);
    const onAbort = () => request.destroy(new Error("the request was aborted"));
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    request.on("close", () => signal?.removeEventListener("abort", onAbort));
    request.end(payload);
  });
}

/** An answer's body as text, at most `maxBytes` kept (the rest read and dropped). */
export function readBody(response: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/** The `message` of an agent's JSON error body, else the text itself, cut. */
export function agentMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === "string") return message;
  } catch {
    // Not JSON: the text itself, cut.
  }
  return text.slice(0, 200) || "no message";
}
