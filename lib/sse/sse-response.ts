import "server-only";

export type SseEvent = { id?: string; event?: string; data: unknown };

export type SseSink = {
  send(event: SseEvent): void;
  /** Ends the stream (the client sees it close). */
  close(): void;
  /** Aborted when the client went away or the stream was closed. */
  signal: AbortSignal;
};

/** A comment line keeps proxies and load balancers from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
} as const;

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
  const encoder = new TextEncoder();
  let streamController: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    controller.abort();
    try {
      streamController?.close();
    } catch {
      // Already closed by the client.
    }
  };
  const write = (text: string) => {
    if (closed) return;
    try {
      streamController?.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };
  const keepalive = setInterval(() => write(": keepalive\n\n"), KEEPALIVE_MS);
  request.signal.addEventListener("abort", close, { once: true });
  // A client gone before the handler got here: its signal will not fire again.
  if (request.signal.aborted) close();
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      streamController = c;
      if (closed) return c.close();
      write(": connected\n\n");
      const sink: SseSink = { send: (event) => write(encode(event)), close, signal: controller.signal };
      run(sink)
        .catch((error: unknown) => {
          console.error("event stream failed:", error);
          write(encode({ event: "failure", data: { message: "The stream failed; reconnect to resume." } }));
        })
        .finally(close);
    },
    cancel: close,
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
