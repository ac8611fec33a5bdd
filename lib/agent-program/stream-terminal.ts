import type http from "node:http";
import { AppError } from "../errors";
import type { Terminal, TerminalEvent } from "./terminal";

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
/**
 * A viewer this far behind (bytes queued in its socket) is cut off; it comes back with its
 * Last-Event-ID and resumes, from the buffer or a screen snapshot, instead of the agent queueing
 * a flooding terminal's output without bound.
 */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** The offset a viewer resumes after: the Last-Event-ID header, or `lastEventId` in the query (a fresh EventSource). */
function resumeOffset(request: http.IncomingMessage, url: URL): number | undefined {
  const given = request.headers["last-event-id"] ?? url.searchParams.get("lastEventId") ?? undefined;
  if (given === undefined || given === "") return undefined;
  if (typeof given !== "string" || !/^\d{1,15}$/.test(given)) throw new AppError("bad_request", "Last-Event-ID must be a byte offset");
  return Number(given);
}

function eventText(event: TerminalEvent): string {
  switch (event.type) {
    case "output":
      return `id: ${event.offset}\nevent: output\ndata: ${JSON.stringify({ data: event.data })}\n\n`;
    case "reset":
      return `id: ${event.offset}\nevent: reset\ndata: ${JSON.stringify({ screen: event.screen })}\n\n`;
    case "exit":
      return `event: exit\ndata: ${JSON.stringify({ exitCode: event.exitCode })}\n\n`;
  }
}

/**
 * GET /terminals/:id/stream: the terminal's output as server-sent events from where the viewer
 * left off (`output`, or `reset` with a screen when it is further behind than the buffer), then
 * live; `exit` and the end of the stream when the program ends. The terminal counts as watched
 * while the stream is open.
 */
export async function streamTerminal({
  terminal,
  request,
  response,
  url,
}: {
  terminal: Terminal;
  request: http.IncomingMessage;
  response: http.ServerResponse;
  url: URL;
}): Promise<void> {
  const from = resumeOffset(request, url);
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    "x-accel-buffering": "no",
  });
  response.flushHeaders();
  let isDone = false;
  const watching: { unwatch?: () => void } = {};
  const keepalive = setInterval(() => response.write(": keepalive\n\n"), KEEPALIVE_MS);
  const finish = () => {
    if (isDone) return;
    isDone = true;
    clearInterval(keepalive);
    watching.unwatch?.();
    response.end();
  };
  request.on("close", finish);
  response.on("close", finish);
  watching.unwatch = await terminal.watch(from, (event) => {
    if (isDone) return;
    response.write(eventText(event));
    if (event.type === "exit") finish();
    else if (response.writableLength > MAX_QUEUED_BYTES) response.destroy();
  });
  // The stream may have closed while the viewer was being added.
  if (isDone) watching.unwatch();
}
