import http from "node:http";
import { agentAddressSchema, agentHealthSchema, unixSocketOf } from "./schemas";

export type DialResult = { ok: true } | { ok: false; error: string };

/** A health answer is tiny; more than this is not our agent. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Connects to an agent: a real HTTP round-trip to `GET /health` on the agent process, at
 * `host:port` or on the unix socket of a `unix:` address (which exists on the machine of the
 * provisioner that runs the agent: a server on another machine cannot dial it yet), showing the
 * agent's dial secret. Never throws; the reason a dial failed is what the chat tools show. With `agentId`,
 * an answer from another agent (a port reused after a restart) is a failure too.
 *
 * node:http rather than fetch: Next.js patches the global fetch on the server, and its errors
 * ("fetch failed") hide the reason a dial failed.
 */
export function dialAgent({
  address,
  agentId,
  secret,
  timeoutMs = 5000,
  signal,
}: {
  address: string;
  agentId?: string;
  /** The agent's dial secret (dialSecretFromTokenHash); its listener answers nothing without it. */
  secret?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<DialResult> {
  return new Promise((resolve) => {
    if (!agentAddressSchema.safeParse(address).success) return resolve({ ok: false, error: `invalid agent address "${address}"` });
    if (signal?.aborted) return resolve({ ok: false, error: "dial aborted" });

    let settled = false;
    // The callbacks below run only after this synchronous setup, when finish exists.
    const timer = setTimeout(() => finish({ ok: false, error: `timed out after ${timeoutMs} ms` }), timeoutMs);
    const finish = (result: DialResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      request.destroy();
      resolve(result);
    };
    const socketPath = unixSocketOf(address);
    const headers = { accept: "application/json", ...(secret ? { authorization: `Bearer ${secret}` } : {}) };
    const url = new URL(`http://${socketPath ? "agent" : address}/health`);
    const request = http.get(url, { agent: false, headers, ...(socketPath ? { socketPath } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) return finish({ ok: false, error: "bad answer: health response too large" });
        chunks.push(chunk);
      });
      response.on("error", (error) => finish({ ok: false, error: error.message }));
      response.on("end", () => {
        if (response.statusCode !== 200) return finish({ ok: false, error: `bad answer: HTTP ${response.statusCode}` });
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          return finish({ ok: false, error: "bad answer: not JSON" });
        }
        const health = agentHealthSchema.safeParse(body);
        if (!health.success) return finish({ ok: false, error: "bad answer: not an agent health response" });
        if (agentId && health.data.agentId !== agentId) {
          return finish({ ok: false, error: `bad answer: the address belongs to agent ${health.data.agentId}` });
        }
        finish({ ok: true });
      });
    });
    request.on("error", (error) => finish({ ok: false, error: error.message }));
    const onAbort = () => finish({ ok: false, error: "dial aborted" });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
