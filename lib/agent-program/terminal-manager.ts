import type * as NodePty from "@lydell/node-pty";
import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { AppError, notFound } from "../errors";
import { Terminal } from "./terminal";

/** A terminal nobody has watched for this long is closed. */
export const UNWATCHED_TERMINAL_MS = 5 * 60_000;
/** Most terminals open at once. */
export const MAX_TERMINALS = 32;

/** The user's login shell: bash when there is one. */
function loginShell(): { file: string; args: string[] } {
  return existsSync("/bin/bash") ? { file: "/bin/bash", args: ["-l"] } : { file: "/bin/sh", args: ["-l"] };
}

/**
 * The workspace's terminals: the user's login shell (or `sh -c command`) on a pseudo-terminal in
 * the workspace home, with the agent's script environment. node-pty is a native module, loaded on
 * the first terminal: an agent where it cannot load still runs everything else.
 */
export class TerminalManager {
  private readonly terminals = new Map<string, Terminal>();
  private readonly home: string;
  private readonly env: Record<string, string>;
  private readonly now: () => number;

  constructor({ home, env, now = Date.now }: { home: string; env: Record<string, string>; now?: () => number }) {
    this.home = home;
    this.env = env;
    this.now = now;
  }

  /** Opens a terminal, or re-attaches to the live one under `id`. */
  async open({ cols, rows, id, command }: { cols: number; rows: number; id?: string; command?: string }) {
    this.sweep();
    const existing = id === undefined ? undefined : this.terminals.get(id);
    if (existing) return { id: existing.id, created: false, nextSeq: existing.inputSeq };
    if (this.terminals.size >= MAX_TERMINALS) throw new AppError("conflict", `too many terminals open (${MAX_TERMINALS}); close one`);
    let pty: typeof NodePty;
    try {
      pty = await import("@lydell/node-pty");
    } catch (error) {
      throw new AppError("internal", `terminals are unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Another open under the same id may have finished while node-pty loaded.
    const raced = id === undefined ? undefined : this.terminals.get(id);
    if (raced) return { id: raced.id, created: false, nextSeq: raced.inputSeq };
    const program = command === undefined ? loginShell() : { file: "/bin/sh", args: ["-c", command] };
    const terminalId = id ?? randomUUID();
    let process;
    try {
      process = pty.spawn(program.file, program.args, {
        name: "xterm-256color",
        cols,
        rows,
        cwd: this.home,
        env: { ...this.env, TERM: "xterm-256color", COLORTERM: "truecolor" },
      });
    } catch (error) {
      throw new AppError("conflict", `the terminal could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    const terminal = new Terminal(terminalId, process, { cols, rows, now: this.now });
    this.terminals.set(terminalId, terminal);
    return { id: terminalId, created: true, nextSeq: 0 };
  }

  get(id: string): Terminal {
    const terminal = this.terminals.get(id);
    if (!terminal) throw notFound(`terminal ${id}`);
    return terminal;
  }

  close(id: string): void {
    this.get(id).close();
    this.terminals.delete(id);
  }

  /** Closes the terminals nobody has watched for UNWATCHED_TERMINAL_MS, exited or not. */
  sweep(): void {
    const now = this.now();
    for (const [id, terminal] of this.terminals) {
      if (terminal.unwatchedSince !== null && now - terminal.unwatchedSince >= UNWATCHED_TERMINAL_MS) {
        terminal.close();
        this.terminals.delete(id);
      }
    }
  }

  closeAll(): void {
    for (const terminal of this.terminals.values()) terminal.close();
    this.terminals.clear();
  }
}
