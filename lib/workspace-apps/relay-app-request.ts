import type http from "node:http";
import { AppResponseError, AppResponseReader, type AppResponseHead, type AppResponseSink } from "./app-response-reader";
import { responseHeadersForVisitor } from "./forward-headers";
import { TunnelError } from "./open-tunnel";
import type { AppConnectionTarget } from "./app-connector";
import type { createTunnelPools, PooledTunnel, TunnelHandlers } from "./tunnel-pool";

type Relay = {
  pools: ReturnType<typeof createTunnelPools>;
  target: AppConnectionTarget;
  request: http.IncomingMessage;
  response: http.ServerResponse;
  /** The request head as the app gets it (requestHeadText), without body framing. */
  head: string;
  /** The visitor's app host: Set-Cookies for any other domain are dropped. */
  host: string;
};

function fail(response: http.ServerResponse, text: string): void {
  if (response.headersSent) return void response.destroy();
  response.writeHead(502, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  response.end(`${text}\n`);
}

/**
 * One request's exchange over one tunnel: writes the request, reads the answer (AppResponseReader)
 * into the visitor's response, and settles the tunnel once — back to the pool after a clean
 * exchange both ways, closed otherwise. A class, not closures: one is made per proxied request.
 */
class AppExchange implements TunnelHandlers, AppResponseSink {
  private isSettled = false;
  private isRequestSent: boolean;
  private hasAnswer = false;
  private readonly reader: AppResponseReader;

  constructor(
    private readonly relay: Relay & { hasBody: boolean; isChunked: boolean },
    private readonly tunnel: PooledTunnel,
    private readonly onClosedBeforeAnswer: (() => void) | null,
  ) {
    this.isRequestSent = !relay.hasBody;
    this.reader = new AppResponseReader(relay.request.method === "HEAD", this);
    relay.response.on("close", this.onVisitorClose);
    relay.response.on("drain", this.onVisitorDrain);
    tunnel.listen(this);
  }

  /** The visitor went away before the answer was all written: the tunnel is out of step. */
  private readonly onVisitorClose = () => {
    if (!this.relay.response.writableFinished) this.settle(false);
  };

  /** The visitor reads slower than the app writes: the tunnel waited (the app's writes then wait too). */
  private readonly onVisitorDrain = () => this.tunnel.socket.resume();

  send(): void {
    const { request, response, head, hasBody, isChunked } = this.relay;
    // The visitor left while the tunnel was being opened: nothing was sent on it, so it is clean.
    if (response.destroyed) return this.settle(true);
    const socket = this.tunnel.socket;
    // Latin-1, as Node read the visitor's header bytes: a byte beyond ASCII goes on as the same byte.
    socket.write(head + (isChunked ? "transfer-encoding: chunked\r\n\r\n" : "\r\n"), "latin1");
    if (!hasBody) return;
    const onDrain = () => request.resume();
    socket.on("drain", onDrain);
    request.on("data", (chunk: Buffer) => {
      if (this.isSettled) return;
      let isFlowing: boolean;
      if (isChunked) {
        // One write for the size line, the chunk and its CRLF.
        socket.cork();
        socket.write(`${chunk.length.toString(16)}\r\n`);
        socket.write(chunk);
        isFlowing = socket.write("\r\n");
        socket.uncork();
      } else isFlowing = socket.write(chunk);
      if (!isFlowing) request.pause();
    });
    request.on("end", () => {
      socket.off("drain", onDrain);
      if (this.isSettled) return;
      if (isChunked) socket.write("0\r\n\r\n");
      this.isRequestSent = true;
    });
    request.on("error", () => this.settle(false));
  }

  onHead(answer: AppResponseHead, isSized: boolean): void {
    this.hasAnswer = true;
    let headers = responseHeadersForVisitor(answer.rawHeaders, this.relay.host);
    // A body framed by chunks or by the close is framed anew for the visitor: a length the app also sent is not its length.
    if (!isSized) headers = headers.filter((_, i, all) => all[i - (i % 2)]!.toLowerCase() !== "content-length");
    this.relay.response.writeHead(answer.status, answer.reason || undefined, headers as never);
    if (!isSized) this.relay.response.flushHeaders();
  }

  onBody(chunk: Buffer): void {
    if (!this.relay.response.write(chunk)) this.tunnel.socket.pause();
  }

  onEnd(): void {
    this.relay.response.end();
  }

  data(chunk: Buffer): void {
    try {
      this.reader.push(chunk);
    } catch (error) {
      this.settle(false);
      return fail(this.relay.response, error instanceof AppResponseError ? "The app sent a malformed response." : "The app's response could not be relayed.");
    }
    // Another request may use the tunnel only once this one was sent whole and answered whole
    // (an app that answers before reading the whole body, say an early 413, leaves it out of step).
    if (this.reader.isDone) this.settle(this.reader.isReusable && this.isRequestSent);
  }

  close(error: Error | undefined): void {
    if (this.isSettled) return;
    if (!this.hasAnswer && this.onClosedBeforeAnswer && this.tunnel.isReused && !this.relay.response.headersSent) {
      this.settle(false);
      return this.onClosedBeforeAnswer();
    }
    try {
      // A reset cut the answer short whatever its framing: a body delimited by the close is not complete.
      if (error) throw error;
      this.reader.close();
      this.settle(false);
    } catch {
      this.settle(false);
      fail(this.relay.response, "The app closed the connection.");
    }
  }

  private settle(isReusable: boolean): void {
    if (this.isSettled) return;
    this.isSettled = true;
    this.relay.response.off("close", this.onVisitorClose);
    this.relay.response.off("drain", this.onVisitorDrain);
    if (isReusable) this.tunnel.release();
    else this.tunnel.destroy();
    // A body paused for the tunnel's backpressure would wait for a drain that no longer comes: let
    // the rest of it flow (and be dropped), so the visitor's connection is not stalled.
    if (!this.relay.request.readableEnded) this.relay.request.resume();
  }
}

/**
 * Sends the visitor's request to the app over a kept-alive tunnel and the app's answer back,
 * each chunk as it comes (an event stream is not held back). The request goes out as one write of
 * its head (then its body: as is when sized, re-chunked when the visitor chunked it); the answer
 * is parsed only as far as its framing (AppResponseReader), its headers filtered for the
 * visitor (no hop-by-hop, no Set-Cookie beyond the app's host). A sized answer's head leaves
 * with its first bytes, one write; an unsized one's is flushed alone (a stream may be slow to
 * start). The tunnel goes back to the pool only after a clean exchange in both directions.
 */
export async function relayAppRequest(relay: Relay): Promise<void> {
  const { request, response } = relay;
  const contentLength = request.headers["content-length"];
  const isChunked = request.headers["transfer-encoding"] !== undefined;
  const hasBody = isChunked || (contentLength !== undefined && contentLength !== "0");
  // A request without a body may go again when a kept-alive tunnel turns out closed (the app
  // dropped an idle connection just as it was reused); one with a body cannot be replayed.
  const isReplayable = !hasBody && (request.method === "GET" || request.method === "HEAD");

  const send = async (mayRetry: boolean): Promise<void> => {
    let tunnel: PooledTunnel;
    try {
      tunnel = await relay.pools.take(relay.target);
    } catch (error) {
      if (error instanceof TunnelError) return fail(response, `The app is not reachable: ${error.message}.`);
      throw error;
    }
    const retry = mayRetry ? () => void send(false).catch(() => fail(response, "The app proxy failed.")) : null;
    new AppExchange({ ...relay, hasBody, isChunked }, tunnel, retry).send();
  };
  await send(isReplayable);
}
