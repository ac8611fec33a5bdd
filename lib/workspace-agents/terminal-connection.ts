import { z } from "zod";
import { ApiError, apiFetch } from "@/lib/api/client";
import {
  MAX_INPUT_CHARS,
  terminalExitEventSchema,
  terminalInputAnsweredSchema,
  terminalOpenedSchema,
  terminalOutputEventSchema,
  terminalResetEventSchema,
} from "./workspace-api-schemas";

export type TerminalState =
  | { kind: "connecting" }
  | { kind: "open" }
  | { kind: "exited"; exitCode: number | null }
  /** The workspace or its agent is not there (409 not connected, or the terminal is gone). */
  | { kind: "unavailable"; message: string };

export type TerminalSink = {
  /** Output to append. */
  write: (data: string) => void;
  /** The whole screen, replacing what is shown (the client was behind the agent's buffer). */
  reset: (screen: string) => void;
  state: (state: TerminalState) => void;
};

/** How long to wait before trying again after the stream or an input request failed. */
const RETRY_MS = 1000;

/**
 * One browser terminal session over the workspace API (docs/api.md, "Inside a workspace"):
 * attaches by a client-chosen id (a reload re-attaches), reads the SSE stream resuming from the
 * last byte offset seen (nothing lost or repeated across drops and server restarts), and sends
 * keystrokes batched, one request in flight, with increasing seq numbers from the agent's nextSeq.
 */
export class TerminalConnection {
  private readonly base: string;
  private source: EventSource | null = null;
  private lastEventId: string | null = null;
  private nextSeq = 0;
  private pending = "";
  private sending = false;
  private closed = false;
  private ended = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private options: { agentId: string; terminalId: string; cols: number; rows: number; sink: TerminalSink },
  ) {
    this.base = `/workspaceagents/${options.agentId}/terminals`;
  }

  /** Attaches (or re-attaches) and starts reading. */
  start(): void {
    void this.attach();
  }

  private async attach(): Promise<void> {
    if (this.closed) return;
    this.options.sink.state({ kind: "connecting" });
    try {
      const opened = await apiFetch(this.base, terminalOpenedSchema, {
        body: { id: this.options.terminalId, cols: this.options.cols, rows: this.options.rows },
      });
      // Never go back: input already sent under a seq the agent has not applied yet stays ahead.
      this.nextSeq = Math.max(this.nextSeq, opened.nextSeq);
    } catch (error) {
      return this.failed(error);
    }
    this.openStream();
    void this.flush();
  }

  private openStream(): void {
    if (this.closed) return;
    this.source?.close();
    // The id goes in the query: a new EventSource cannot set Last-Event-ID itself; its own
    // reconnections send the header, which the server prefers.
    const query = this.lastEventId ? `?lastEventId=${encodeURIComponent(this.lastEventId)}` : "";
    const source = new EventSource(`/api/v1${this.base}/${encodeURIComponent(this.options.terminalId)}/stream${query}`);
    this.source = source;
    source.onopen = () => this.options.sink.state({ kind: "open" });
    source.addEventListener("output", (event) => {
      const parsed = terminalOutputEventSchema.safeParse(parseJson(event.data));
      if (!parsed.success) return;
      this.lastEventId = event.lastEventId || this.lastEventId;
      this.options.sink.write(parsed.data.data);
    });
    source.addEventListener("reset", (event) => {
      const parsed = terminalResetEventSchema.safeParse(parseJson(event.data));
      if (!parsed.success) return;
      this.lastEventId = event.lastEventId || this.lastEventId;
      this.options.sink.reset(parsed.data.screen);
    });
    source.addEventListener("exit", (event) => {
      const parsed = terminalExitEventSchema.safeParse(parseJson(event.data));
      this.ended = true;
      source.close();
      this.options.sink.state({ kind: "exited", exitCode: parsed.success ? parsed.data.exitCode : null });
    });
    source.onerror = () => {
      if (this.closed || this.ended) return;
      // CONNECTING: the browser retries by itself with Last-Event-ID. CLOSED: the server answered
      // with an error (a restart in progress, the workspace stopped); find out why, then resume.
      if (source.readyState === EventSource.CLOSED) this.retry(() => this.attach());
      else this.options.sink.state({ kind: "connecting" });
    };
  }

  /** Keystrokes or a paste; sent as soon as the request before them is answered. */
  input(data: string): void {
    if (this.closed || this.ended) return;
    this.pending += data;
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (this.sending || !this.pending || this.closed || this.ended) return;
    this.sending = true;
    let size = Math.min(this.pending.length, MAX_INPUT_CHARS);
    // Never split a surrogate pair between two requests.
    if (size < this.pending.length && /[\uD800-\uDBFF]/.test(this.pending[size - 1]!)) size -= 1;
    const data = this.pending.slice(0, size);
    const seq = this.nextSeq;
    try {
      const answer = await apiFetch(`${this.base}/${encodeURIComponent(this.options.terminalId)}/input`, terminalInputAnsweredSchema, { body: { seq, data } });
      this.pending = this.pending.slice(size);
      this.nextSeq = Math.max(seq + 1, answer.nextSeq);
      this.sending = false;
      void this.flush();
    } catch (error) {
      this.sending = false;
      // A 4xx other than "not connected" will not get better: drop the batch. Otherwise the same
      // seq and data again (a repeat is ignored by the agent, so a lost answer costs nothing).
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 409) {
        this.pending = this.pending.slice(size);
        return;
      }
      if (error instanceof ApiError && error.status === 409) return this.failed(error);
      this.retry(() => this.flush());
    }
  }

  /** The terminal's size in cells changed. */
  resize(cols: number, rows: number): void {
    if (this.closed || this.ended) return;
    this.options = { ...this.options, cols, rows };
    void apiFetch(`${this.base}/${encodeURIComponent(this.options.terminalId)}/resize`, z.undefined(), { body: { cols, rows } }).catch(() => {});
  }

  /** Stops reading and sending (the terminal itself lives on for a re-attach). */
  close(): void {
    this.closed = true;
    this.source?.close();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private failed(error: unknown): void {
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
      this.source?.close();
      this.options.sink.state({ kind: "unavailable", message: error.message });
      // The workspace may come back (a restart of the server answers 502, not 409).
      if (error.status === 409) this.retry(() => this.attach(), RETRY_MS * 5);
      return;
    }
    this.options.sink.state({ kind: "connecting" });
    this.retry(() => this.attach());
  }

  private retry(action: () => unknown, delayMs = RETRY_MS): void {
    if (this.closed || this.ended) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void action();
    }, delayMs);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
