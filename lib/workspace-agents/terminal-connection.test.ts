import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TerminalConnection, type TerminalState } from "./terminal-connection";

// The browser side of a terminal with its neighbours faked: fetch (the relay routes) and
// EventSource (the stream), so the order and content of requests can be checked exactly.

class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((event: { data: string; lastEventId: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: { data: string; lastEventId: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data: unknown, lastEventId = "") {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: JSON.stringify(data), lastEventId });
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

type Sent = { url: string; body: unknown; answer: (status: number, body?: unknown) => void };

let sent: Sent[];

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  FakeEventSource.instances = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  vi.stubGlobal("fetch", (url: string, init: { body?: string }) => {
    return new Promise<Response>((resolve) => {
      sent.push({
        url,
        body: init.body ? JSON.parse(init.body) : undefined,
        answer: (status, body) => resolve(new Response(body === undefined ? null : JSON.stringify(body), { status })),
      });
    });
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const flush = () => vi.advanceTimersByTimeAsync(0);

function connect() {
  const output: string[] = [];
  const states: TerminalState[] = [];
  const connection = new TerminalConnection({
    agentId: "a1",
    terminalId: "t1",
    cols: 80,
    rows: 24,
    sink: { write: (data) => output.push(data), reset: (screen) => output.splice(0, output.length, `RESET:${screen}`), state: (state) => states.push(state) },
  });
  connection.start();
  return { connection, output, states };
}

describe("TerminalConnection", () => {
  it("attaches, then sends keystrokes batched: one request in flight, seq from the answer's nextSeq", async () => {
    const { connection } = connect();
    await flush();
    expect(sent[0]).toMatchObject({ url: "/api/v1/workspaceagents/a1/terminals", body: { id: "t1", cols: 80, rows: 24 } });
    sent[0]!.answer(200, { id: "t1", nextSeq: 7 });
    await flush();
    expect(FakeEventSource.instances[0]!.url).toBe("/api/v1/workspaceagents/a1/terminals/t1/stream");

    connection.input("l");
    connection.input("s");
    await flush();
    connection.input(" -");
    connection.input("a\r");
    await flush();
    // The first keystroke goes at once; the rest wait for its answer and go together.
    expect(sent.slice(1).map((request) => request.body)).toEqual([{ seq: 7, data: "l" }]);
    sent[1]!.answer(200, { nextSeq: 8 });
    await flush();
    expect(sent.slice(1).map((request) => request.body)).toEqual([{ seq: 7, data: "l" }, { seq: 8, data: "s -a\r" }]);
  });

  it("sends the same seq and data again after a network failure (the agent ignores a repeat)", async () => {
    const { connection } = connect();
    await flush();
    sent[0]!.answer(201, { id: "t1", nextSeq: 0 });
    await flush();
    connection.input("x");
    await flush();
    sent[1]!.answer(502, { message: "could not reach the workspace agent" });
    connection.input("y");
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent[2]!.body).toEqual({ seq: 0, data: "xy" });
  });

  it("resumes a stream the server closed from the last event id, and a reset replaces the screen", async () => {
    const { output } = connect();
    await flush();
    sent[0]!.answer(201, { id: "t1", nextSeq: 0 });
    await flush();
    const first = FakeEventSource.instances[0]!;
    first.emit("output", { data: "hello " }, "6");
    first.emit("output", { data: "world" }, "11");
    first.readyState = FakeEventSource.CLOSED;
    first.onerror!();
    await vi.advanceTimersByTimeAsync(1000);
    // Re-attach first (to learn nextSeq and whether it still exists), then the stream from 11.
    sent[1]!.answer(200, { id: "t1", nextSeq: 0 });
    await flush();
    expect(FakeEventSource.instances[1]!.url).toBe("/api/v1/workspaceagents/a1/terminals/t1/stream?lastEventId=11");
    FakeEventSource.instances[1]!.emit("reset", { screen: "SCREEN" }, "5000");
    expect(output).toEqual(["RESET:SCREEN"]);
  });

  it("reports the exit code and a workspace that is not connected", async () => {
    const { states } = connect();
    await flush();
    sent[0]!.answer(409, { message: "workspace agent is not connected (status: disconnected)" });
    await flush();
    expect(states.at(-1)).toEqual({ kind: "unavailable", message: "workspace agent is not connected (status: disconnected)" });
    await vi.advanceTimersByTimeAsync(5000);
    sent[1]!.answer(200, { id: "t1", nextSeq: 3 });
    await flush();
    FakeEventSource.instances[0]!.emit("exit", { exitCode: 3 });
    expect(states.at(-1)).toEqual({ kind: "exited", exitCode: 3 });
  });
});
