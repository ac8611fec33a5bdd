import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { dialAgent } from "./dial-agent";

const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const AGENT_ID = "5c7d1f2e-0000-4000-8000-000000000001";

describe("dialAgent", () => {
  it("succeeds on an agent's health answer", async () => {
    const address = await serve((request, response) => {
      expect(request.url).toBe("/health");
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", agentId: AGENT_ID }));
    });
    expect(await dialAgent({ address })).toEqual({ ok: true });
    expect(await dialAgent({ address, agentId: AGENT_ID })).toEqual({ ok: true });
  });

  it("fails when the address belongs to another agent", async () => {
    const address = await serve((_request, response) => response.end(JSON.stringify({ status: "ok", agentId: "other" })));
    expect(await dialAgent({ address, agentId: AGENT_ID })).toEqual({
      ok: false,
      error: "bad answer: the address belongs to agent other",
    });
  });

  it("reports a refused connection", async () => {
    const address = await serve(() => {});
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const result = await dialAgent({ address });
    expect(result).toEqual({ ok: false, error: expect.stringContaining("ECONNREFUSED") });
  });

  it("gives up after the timeout", async () => {
    const address = await serve(() => {}); // never answers
    const started = Date.now();
    expect(await dialAgent({ address, timeoutMs: 200 })).toEqual({ ok: false, error: "timed out after 200 ms" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("stops when aborted", async () => {
    const address = await serve(() => {});
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    expect(await dialAgent({ address, signal: abort.signal })).toEqual({ ok: false, error: "dial aborted" });
  });

  it("rejects a bad answer and a bad address", async () => {
    const status500 = await serve((_request, response) => response.writeHead(500).end("{}"));
    expect(await dialAgent({ address: status500 })).toEqual({ ok: false, error: "bad answer: HTTP 500" });
    const html = await serve((_request, response) => response.end("<html>"));
    expect(await dialAgent({ address: html })).toEqual({ ok: false, error: "bad answer: not JSON" });
    const wrongShape = await serve((_request, response) => response.end('{"status":"ok"}'));
    expect(await dialAgent({ address: wrongShape })).toEqual({ ok: false, error: "bad answer: not an agent health response" });
    expect(await dialAgent({ address: "http://x/" })).toEqual({ ok: false, error: 'invalid agent address "http://x/"' });
  });
});
