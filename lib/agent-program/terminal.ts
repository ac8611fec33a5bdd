import type { IPty } from "@lydell/node-pty";
import headless from "@xterm/headless";
import serialize from "@xterm/addon-serialize";
import { AppError } from "../errors";
import { ByteRing } from "./byte-ring";

/** Output bytes a terminal keeps for viewers to resume from. */
export const TERMINAL_BUFFER_BYTES = 1024 * 1024;
/** Lines of scrollback in the screen snapshot a viewer too far behind gets. */
const SNAPSHOT_SCROLLBACK = 1000;
/** Inputs held while an earlier seq is missing; more means the client is broken. */
const MAX_PENDING_INPUTS = 256;
/**
 * Flow control (xterm.js's own advice): output the headless terminal has not parsed yet, in
 * characters, past which the program's output is no longer read (it blocks on its next write) until
 * the parser is down to UNPARSED_LOW. The parser works in slices of up to 12 ms per terminal per
 * turn of the event loop; a small backlog keeps a flooding terminal's slice short, so another
 * terminal's echo is not held behind it, and the agent's memory bounded.
 */
export const UNPARSED_HIGH = 64 * 1024;
const UNPARSED_LOW = 16 * 1024;

export type TerminalEvent =
  | { type: "output"; data: string; offset: number }
  | { type: "reset"; screen: string; offset: number }
  | { type: "exit"; exitCode: number | null };

type Viewer = (event: TerminalEvent) => void;

/**
 * One pseudo-terminal and what viewers need to follow it: its output in a ring buffer addressed
 * by byte offset, and a headless terminal fed the same output, whose serialized screen stands in
 * for output that left the buffer. Input is applied in `seq` order; repeats are ignored.
 */
export class Terminal {
  private readonly ring = new ByteRing(TERMINAL_BUFFER_BYTES);
  private readonly screen: headless.Terminal;
  private readonly serializer = new serialize.SerializeAddon();
  /** Offset of the output the headless terminal has parsed: its screen is exactly that far. */
  private parsedOffset = 0;
  private readonly viewers = new Set<Viewer>();
  private nextSeq = 0;
  private readonly pending = new Map<number, string>();
  exitCode: number | null | undefined = undefined;
  /** When the last viewer left (or the terminal opened); null while someone watches. */
  unwatchedSince: number | null;
  private readonly now: () => number;
  /** Characters written to the headless terminal and not parsed yet (flow control). */
  private unparsed = 0;
  private isReadPaused = false;

  constructor(
    readonly id: string,
    private readonly pty: IPty,
    { cols, rows, now }: { cols: number; rows: number; now: () => number },
  ) {
    this.now = now;
    this.unwatchedSince = now();
    this.screen = new headless.Terminal({ cols, rows, scrollback: SNAPSHOT_SCROLLBACK, allowProposedApi: true });
    this.screen.loadAddon(this.serializer);
    pty.onData((data) => {
      const offset = this.ring.append(Buffer.from(data, "utf8"));
      this.unparsed += data.length;
      this.screen.write(data, () => {
        this.parsedOffset = offset;
        this.unparsed -= data.length;
        if (this.isReadPaused && this.unparsed <= UNPARSED_LOW) {
          this.isReadPaused = false;
          pty.resume();
        }
      });
      if (!this.isReadPaused && this.unparsed > UNPARSED_HIGH) {
        this.isReadPaused = true;
        pty.pause();
      }
      for (const viewer of this.viewers) viewer({ type: "output", data, offset });
    });
    pty.onExit(({ exitCode, signal }) => {
      // A signal death has no exit code; the shell convention 128+n is not invented here.
      this.exitCode = signal ? null : exitCode;
      for (const viewer of this.viewers) viewer({ type: "exit", exitCode: this.exitCode });
    });
  }

  get isExited(): boolean {
    return this.exitCode !== undefined;
  }

  /** Output not parsed yet by the headless terminal, in characters (at most about UNPARSED_HIGH plus one read). */
  get unparsedChars(): number {
    return this.unparsed;
  }

  get inputSeq(): number {
    return this.nextSeq;
  }

  /**
   * Adds a viewer that resumes after `from` (a byte offset it already has; undefined = from the
   * start of what is kept, or the screen if the start is gone). Returns the function that removes it.
   */
  async watch(from: number | undefined, viewer: Viewer): Promise<() => void> {
    const resume = from ?? 0;
    let replay: TerminalEvent[];
    const kept = this.ring.readFrom(resume);
    if (kept) {
      replay = kept.length > 0 ? [{ type: "output", data: kept.toString("utf8"), offset: this.ring.end }] : [];
    } else {
      // Behind the buffer (or ahead of the output): the screen as the headless terminal has it,
      // then what it has not parsed yet, so nothing is lost or shown twice.
      await new Promise<void>((resolve) => this.screen.write("", resolve));
      const offset = this.parsedOffset;
      const rest = this.ring.readFrom(offset) ?? Buffer.alloc(0);
      replay = [{ type: "reset", screen: this.serializer.serialize(), offset }];
      if (rest.length > 0) replay.push({ type: "output", data: rest.toString("utf8"), offset: this.ring.end });
    }
    // Nothing can arrive between the replay and the subscription: both happen in this turn.
    for (const event of replay) viewer(event);
    if (this.isExited) viewer({ type: "exit", exitCode: this.exitCode ?? null });
    this.viewers.add(viewer);
    this.unwatchedSince = null;
    return () => {
      this.viewers.delete(viewer);
      if (this.viewers.size === 0) this.unwatchedSince = this.now();
    };
  }

  /** Applies input `seq` once and in order: later ones wait for the missing one, repeats are dropped. */
  input(seq: number, data: string): { nextSeq: number } {
    if (seq < this.nextSeq || this.pending.has(seq)) return { nextSeq: this.nextSeq };
    if (this.isExited) throw new AppError("conflict", "the terminal has exited");
    if (seq > this.nextSeq) {
      if (this.pending.size >= MAX_PENDING_INPUTS) throw new AppError("conflict", `input ${this.nextSeq} is missing`);
      this.pending.set(seq, data);
      return { nextSeq: this.nextSeq };
    }
    this.pty.write(data);
    this.nextSeq++;
    for (let next = this.pending.get(this.nextSeq); next !== undefined; next = this.pending.get(this.nextSeq)) {
      this.pending.delete(this.nextSeq);
      this.pty.write(next);
      this.nextSeq++;
    }
    return { nextSeq: this.nextSeq };
  }

  resize(cols: number, rows: number): void {
    if (this.isExited) return;
    this.pty.resize(cols, rows);
    this.screen.resize(cols, rows);
  }

  /** Ends the program (SIGHUP to its session, as closing a terminal window does) and frees the screen. */
  close(): void {
    if (!this.isExited) {
      try {
        this.pty.kill();
      } catch {
        // Gone meanwhile.
      }
    }
    this.screen.dispose();
  }
}
