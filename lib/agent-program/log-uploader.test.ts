import { describe, expect, it, vi } from "vitest";
import { MAX_AGENT_LOG_OUTPUT_BYTES, type AgentLogLine } from "../workspace-agents/schemas";
import { createAgentClient, isRetryableError } from "./agent-client";
import { LogUploader } from "./log-uploader";

const SCRIPT_ID = "7b0c7a36-7a2a-4c2e-9a6b-3f1f3c9a0001";

type Call = { url: string; auth: string | null; logs: AgentLogLine[] };

/**
 * A stand-in for the server's fetch: records each logs request and answers with what `answer`
 * says for the n-th call (a status, or "down" for a network failure).
 */
function fakeServer(answer: (call: number) => number | "down" = () => 200) {
  const calls: Call[] = [];
  const stored: AgentLogLine[] = [];
  let count = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const outcome = answer(count++);
    const body = JSON.parse(String(init?.body)) as { logs: AgentLogLine[] };
    calls.push({ url: String(input), auth: new Headers(init?.headers).get("authorization"), logs: body.logs });
    if (outcome === "down") throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") });
    if (outcome === 200) stored.push(...body.logs);
    return Response.json(outcome === 200 ? { count: body.logs.length } : { message: "nope" }, { status: outcome });
  };
  return { calls, stored, fetch };
}

function uploaderFor(server: ReturnType<typeof fakeServer>, options: Partial<ConstructorParameters<typeof LogUploader>[0]> = {}) {
  const client = createAgentClient({ baseUrl: "http://kiln.test/", token: "kiln_a_secret", fetch: server.fetch });
  const errors: string[] = [];
  const uploader = new LogUploader({
    send: (logs) => client.sendLogs(logs),
    isRetryable: isRetryableError,
    retryInitialDelayMs: 5,
    retryMaxDelayMs: 20,
    onError: (message) => errors.push(message),
    ...options,
  });
  return { uploader, errors };
}

const line = (n: number, output = `line ${n}`): AgentLogLine => ({
  scriptId: SCRIPT_ID,
  level: n % 7 === 0 ? "error" : "info",
  output,
  createdAt: new Date(1_700_000_000_000 + n).toISOString(),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("LogUploader", () => {
  it("sends full batches of 100 at once and the rest within the flush interval, in order", async () => {
    const server = fakeServer();
    // A fake clock: on a loaded machine a real 10 ms pause can outlast the 40 ms interval.
    vi.useFakeTimers();
    try {
      const { uploader } = uploaderFor(server, { flushIntervalMs: 40 });
      for (let n = 0; n < 250; n++) uploader.push(line(n));
      await vi.advanceTimersByTimeAsync(39);
      // Two full batches went without waiting; the 50 left wait for the interval.
      expect(server.calls.map((call) => call.logs.length)).toEqual([100, 100]);
      await vi.advanceTimersByTimeAsync(1);
    } finally {
      vi.useRealTimers();
    }
    await sleep(0);
    expect(server.calls.map((call) => call.logs.length)).toEqual([100, 100, 50]);
    expect(server.stored.map((stored) => stored.output)).toEqual(Array.from({ length: 250 }, (_, n) => `line ${n}`));
    expect(server.calls[0]).toMatchObject({ url: "http://kiln.test/api/v1/agent/logs", auth: "Bearer kiln_a_secret" });
  });

  it("waits for the interval before sending a partial batch, and flush() sends it at once", async () => {
    const server = fakeServer();
    const { uploader } = uploaderFor(server, { flushIntervalMs: 10_000 });
    uploader.push(line(1));
    uploader.push(line(2));
    await sleep(20);
    expect(server.calls).toHaveLength(0);
    await uploader.flush();
    expect(server.calls.map((call) => call.logs.map((l) => l.output))).toEqual([["line 1", "line 2"]]);
    uploader.close();
  });

  it("retries through an outage without losing, repeating or reordering lines", async () => {
    // Calls 0-3 fail (network down, then 503s), then the server answers.
    const server = fakeServer((call) => (call < 2 ? "down" : call < 4 ? 503 : 200));
    const { uploader, errors } = uploaderFor(server, { flushIntervalMs: 5 });
    for (let n = 0; n < 150; n++) uploader.push(line(n));
    await sleep(1);
    for (let n = 150; n < 230; n++) uploader.push(line(n));
    await uploader.flush();
    expect(server.stored.map((stored) => stored.output)).toEqual(Array.from({ length: 230 }, (_, n) => `line ${n}`));
    // The first batch was tried again unchanged until it went through.
    expect(server.calls.slice(0, 5).map((call) => call.logs[0]!.output)).toEqual(Array(5).fill("line 0"));
    expect(server.calls.every((call) => call.logs.length <= 100)).toBe(true);
    expect(errors[0]).toMatch(/retrying: POST logs: fetch failed: connect ECONNREFUSED/);
    expect(errors.filter((error) => error.includes("retrying"))).toHaveLength(1);
  });

  it("drops a batch the server refuses instead of blocking the lines after it", async () => {
    const server = fakeServer((call) => (call === 0 ? 400 : 200));
    const { uploader, errors } = uploaderFor(server);
    uploader.push(line(1));
    await uploader.flush();
    uploader.push(line(2));
    await uploader.flush();
    expect(server.stored.map((stored) => stored.output)).toEqual(["line 2"]);
    expect(errors).toEqual([expect.stringMatching(/dropping 1 log lines the server refused: POST logs: HTTP 400: nope/)]);
  });

  it("keeps batches under the byte limit and cuts overlong lines", async () => {
    const server = fakeServer();
    const { uploader } = uploaderFor(server, { maxBatchBytes: 150 * 1024 });
    const long = "é".repeat(MAX_AGENT_LOG_OUTPUT_BYTES); // twice the limit in UTF-8 bytes
    for (let n = 0; n < 5; n++) uploader.push(line(n, long));
    await uploader.flush();
    expect(server.calls.map((call) => call.logs.length)).toEqual([2, 2, 1]);
    for (const stored of server.stored) {
      expect(Buffer.byteLength(stored.output)).toBe(MAX_AGENT_LOG_OUTPUT_BYTES);
      expect(stored.output).toBe("é".repeat(MAX_AGENT_LOG_OUTPUT_BYTES / 2));
    }
  });

  it("close() ends retries and resolves pending flushes", async () => {
    const server = fakeServer(() => "down");
    const { uploader } = uploaderFor(server);
    uploader.push(line(1));
    const flushed = uploader.flush();
    await sleep(30);
    uploader.close();
    await flushed;
    const attempts = server.calls.length;
    await sleep(50);
    expect(server.calls.length).toBe(attempts);
    expect(server.stored).toEqual([]);
  });
});
