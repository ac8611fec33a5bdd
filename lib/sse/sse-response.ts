import "server-only";
import { metrics } from "@/lib/metrics/registry";
import { KeepaliveTicker } from "./keepalive-ticker";

export type SseEvent = { id?: string; event?: string; data: unknown };

export type SseSink = {
  send(event: SseEvent): void;
  /** Ends the stream (the client sees it close). */
  close(): void;
  /**
   * Resolves once the client has taken enough of what was sent (or the stream closed): a loop
   * awaits it before reading more, so a slow client holds at most ~256 kB here, not a whole build.
   */
  ready(): Promise<void>;
  /** Aborted when the client went away or the stream was closed. */
  signal: AbortSignal;
};

/** A comment line every 15 s keeps proxies and load balancers from closing an idle stream. */
const keepalives = new KeepaliveTicker(15);

/** Bytes queued for a client before `ready()` makes the sender wait. */
const HIGH_WATER_BYTES = 256 * 1024;

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
} as const;

// Stateless: one for every stream of the process.
const encoder = new TextEncoder();
// Never changed after this: every stream enqueues the same bytes.
const KEEPALIVE = encoder.encode(": keepalive\n\n");

function encode({ id, event, data }: SseEvent): string {
  const lines = [];
  if (id !== undefined) lines.push(`id: ${id}`);
  if (event) lines.push(`event: ${event}`);
  for (const line of JSON.stringify(data).split("\n")) lines.push(`data: ${line}`);
  return `${lines.join("\n")}\n\n`;
}

/**
 * A server-sent events response. `run` feeds the sink until it closes it or the client goes
 * away (the request's signal, or a failed write); either way the sink's signal aborts so
 * subscriptions are released.
 */
export function sseResponse(request: Request, run: (sink: SseSink) => Promise<void>): Response {
  const controller = new AbortController();
  let streamController: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  let waiters: (() => void)[] = [];
  const release = () => {
    const released = waiters;
    waiters = [];
    for (const resolve of released) resolve();
  };
  const close = () => {
    if (closed) return;
    closed = true;
    // Also keeps the request (and its signal) reachable from the stream while it is open: a
    // signal that follows another is held only weakly by it, and one collected never aborts.
    request.signal.removeEventListener("abort", close);
    release();
    metrics().streamsOpen.dec();
    stopKeepalive();
    controller.abort();
    try {
      streamController?.close();
    } catch {
      // Already closed by the client.
    }
  };
  const write = (text: string | Uint8Array) => {
    if (closed) return;
    try {
      streamController?.enqueue(typeof text === "string" ? encoder.encode(text) : text);
    } catch {
      close();
    }
  };
  metrics().streamsOpen.inc();
  const stopKeepalive = keepalives.add(() => write(KEEPALIVE));
  request.signal.addEventListener("abort", close, { once: true });
  // A client gone before the handler got here: its signal will not fire again.
  if (request.signal.aborted) close();
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      streamController = c;
      // A client already gone still gets `run` called, with an aborted sink: it may hold things
      // to release (a stream opened before the response, with its subscriptions).
      if (closed) c.close();
      else write(": connected\n\n");
      const sink: SseSink = {
        send: (event) => {
          metrics().eventsSent.inc({ event: event.event ?? "message" });
          write(encode(event));
        },
        close,
        ready: () =>
          closed || (streamController?.desiredSize ?? 1) > 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
        signal: controller.signal,
      };
      run(sink)
        .catch((error: unknown) => {
          console.error("event stream failed:", error);
          write(encode({ event: "failure", data: { message: "The stream failed; reconnect to resume." } }));
        })
        .finally(close);
    },
    // The client took data: a sender waiting in ready() may go on.
    pull: release,
    cancel: close,
  }, new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_BYTES }));
  return new Response(stream, { headers: SSE_HEADERS });
}
