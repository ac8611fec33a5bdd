import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { AppError, notFound } from "../errors";
import { signalGroup } from "../processes/process-group";
import { spawnFailureReason } from "../processes/spawn-failure";
import {
  DEFAULT_TIMEOUT_MS,
  type ProcessOutput as ProcessOutputBody,
  type ProcessSummary,
  type StartProcessInput,
} from "../workspace-agents/workspace-api-schemas";
import { ProcessOutput } from "./process-output";

/** Where the output and exit of processes started with `report` go (the server, via ProcessReporter). */
export type ProcessReportSink = { line(id: string, text: string): void; end(id: string, exitCode: number | null): void };

/** Most processes running at once; a start beyond answers 409. */
export const MAX_LIVE_PROCESSES = 64;
/** How long an exited process stays readable. */
export const EXITED_RETENTION_MS = 15 * 60_000;
/** Most exited processes remembered, whatever their age. */
const MAX_EXITED_PROCESSES = 256;
/**
 * After the shell exits, how long to wait for its pipes to close: a child it left in the
 * background keeps them open, and must not keep the process "running".
 */
const PIPE_GRACE_MS = 200;

/** What every command gets: nothing waits for a terminal or colours its output. */
const NON_INTERACTIVE_ENV = { TERM: "dumb", NO_COLOR: "1", PAGER: "cat", GIT_TERMINAL_PROMPT: "0" };

type Managed = {
  id: string;
  command: string;
  child: ChildProcess | null;
  output: ProcessOutput;
  startedAt: number;
  endedAt: number | null;
  exitCode: number | null;
  signal: string | null;
  exited: Promise<void>;
  /** Settles once it is spawned; rejects when it cannot be (a missing folder). */
  ready: Promise<void>;
  /** Set when the start asked for its output to be reported. */
  report: ProcessReportSink | undefined;
};

const delay = (ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return { promise, cancel: () => clearTimeout(timer) };
};

/**
 * The processes of the workspace API: `sh -c command` without a terminal (stdin closed), each in
 * its own process group, with the agent's script environment, the non-interactive variables and
 * the request's variables, in a folder relative to the workspace home. Their output is kept
 * bounded (ProcessOutput); exited processes are forgotten after EXITED_RETENTION_MS. `now` is the
 * clock of every decision by time (retention, durations).
 */
export class ProcessManager {
  private readonly processes = new Map<string, Managed>();
  private readonly home: string;
  private readonly env: Record<string, string>;
  private readonly now: () => number;
  private readonly maxLive: number;
  private readonly reports: ProcessReportSink | undefined;

  constructor({
    home,
    env,
    now = Date.now,
    maxLive = MAX_LIVE_PROCESSES,
    reports,
  }: {
    home: string;
    env: Record<string, string>;
    now?: () => number;
    maxLive?: number;
    reports?: ProcessReportSink;
  }) {
    this.reports = reports;
    this.home = home;
    this.env = env;
    this.now = now;
    this.maxLive = maxLive;
  }

  /**
   * Starts a process, or re-attaches to the one already started under `input.id` (a retried
   * request): then nothing runs again. Foreground: resolves when it exits or after timeoutMs,
   * whichever comes first; background: at once. `created` says whether it was started now.
   */
  async start(input: StartProcessInput): Promise<{ created: boolean; result: ProcessOutputBody }> {
    this.forgetOld();
    let managed = input.id === undefined ? undefined : this.processes.get(input.id);
    const created = managed === undefined;
    if (managed && managed.command !== input.command) {
      throw new AppError("conflict", `process ${input.id} already exists with another command`);
    }
    if (!managed) {
      const running = [...this.processes.values()].filter((process) => process.endedAt === null).length;
      if (running >= this.maxLive) {
        throw new AppError("conflict", `too many processes running (${this.maxLive}); wait for one to end or signal it`);
      }
      managed = this.spawn(input);
    }
    try {
      await managed.ready;
    } finally {
      if (managed.child === null && managed.endedAt === null) this.processes.delete(managed.id);
    }
    if (!input.background) await this.waitForExit(managed, input.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return { created, result: this.describe(managed) };
  }

  list(): ProcessSummary[] {
    this.forgetOld();
    return [...this.processes.values()].map((process) => ({
      id: process.id,
      command: process.command,
      status: process.endedAt === null ? "running" : "exited",
      exitCode: process.exitCode,
      startedAt: new Date(process.startedAt).toISOString(),
      endedAt: process.endedAt === null ? null : new Date(process.endedAt).toISOString(),
    }));
  }

  /** The output so far; with `wait`, after the process exits or `timeoutMs` passes. */
  async output({ id, wait = false, timeoutMs = DEFAULT_TIMEOUT_MS }: { id: string; wait?: boolean; timeoutMs?: number }): Promise<ProcessOutputBody> {
    const managed = this.get(id);
    if (wait) await this.waitForExit(managed, timeoutMs);
    return this.describe(managed);
  }

  /** SIGTERM or SIGKILL to the process's whole group: what it started ends too. */
  signal({ id, signal }: { id: string; signal: "terminate" | "kill" }): ProcessOutputBody {
    const managed = this.get(id);
    // An exited shell's group may hold what it left in the background: it is signalled too.
    if (managed.child?.pid !== undefined) signalGroup(managed.child.pid, signal === "kill" ? "SIGKILL" : "SIGTERM");
    return this.describe(managed);
  }

  /** The process groups of processes still running, so the agent's shutdown can end them. */
  liveGroups(): number[] {
    return [...this.processes.values()].flatMap((process) => (process.endedAt === null && process.child?.pid !== undefined ? [process.child.pid] : []));
  }

  private get(id: string): Managed {
    this.forgetOld();
    const managed = this.processes.get(id);
    if (!managed) throw notFound(`process ${id}`);
    return managed;
  }

  /**
   * Registers the process at once (a concurrent retry under the same id finds it) and spawns it
   * once its folder is found; `ready` says how that went.
   */
  private spawn(input: StartProcessInput): Managed {
    const id = input.id ?? randomUUID();
    let markExited!: () => void;
    const reports = input.report ? this.reports : undefined;
    const managed: Managed = {
      id,
      command: input.command,
      child: null,
      output: new ProcessOutput({ onLine: reports && ((text) => reports.line(id, text)) }),
      report: reports,
      startedAt: this.now(),
      endedAt: null,
      exitCode: null,
      signal: null,
      exited: new Promise<void>((resolve) => (markExited = resolve)),
      ready: Promise.resolve(),
    };
    this.processes.set(id, managed);
    managed.ready = this.launch(managed, input, () => markExited());
    return managed;
  }

  private async launch(managed: Managed, input: StartProcessInput, markExited: () => void): Promise<void> {
    const cwd = path.resolve(this.home, input.cwd ?? ".");
    const folder = await stat(cwd).catch(() => null);
    if (!folder?.isDirectory()) throw new AppError("bad_request", `the folder ${cwd} does not exist`);
    const end = (exitCode: number | null, signal: string | null) => {
      if (managed.endedAt !== null) return;
      managed.output.flush();
      Object.assign(managed, { endedAt: this.now(), exitCode, signal });
      managed.report?.end(managed.id, exitCode);
      markExited();
    };
    const env: Record<string, string> = { ...this.env, ...NON_INTERACTIVE_ENV, ...input.env };
    let child: ChildProcess;
    try {
      child = spawn("/bin/sh", ["-c", input.command], {
        cwd,
        env: env as NodeJS.ProcessEnv,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      managed.output.push("stderr", Buffer.from(`could not start: ${spawnFailureReason({ error, command: "/bin/sh", cwd })}\n`));
      end(null, null);
      return;
    }
    managed.child = child;
    child.stdout!.on("data", (chunk: Buffer) => managed.output.push("stdout", chunk));
    child.stderr!.on("data", (chunk: Buffer) => managed.output.push("stderr", chunk));
    child.once("error", (error) => {
      managed.output.push("stderr", Buffer.from(`could not start: ${spawnFailureReason({ error, command: "/bin/sh", cwd })}\n`));
      end(null, null);
    });
    let exit: { code: number | null; signal: string | null } | null = null;
    child.once("close", (code, signal) => end(exit?.code ?? code, exit?.signal ?? signal));
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      setTimeout(() => end(code, signal), PIPE_GRACE_MS).unref();
    });
  }

  private async waitForExit(managed: Managed, timeoutMs: number): Promise<void> {
    if (managed.endedAt !== null) return;
    const timer = delay(timeoutMs);
    await Promise.race([managed.exited, timer.promise]);
    timer.cancel();
  }

  private describe(managed: Managed): ProcessOutputBody {
    return {
      id: managed.id,
      status: managed.endedAt === null ? "running" : "exited",
      exitCode: managed.exitCode,
      signal: managed.signal,
      ...managed.output.snapshot(),
      wallDurationMs: Math.max(0, (managed.endedAt ?? this.now()) - managed.startedAt),
    };
  }

  /** Drops exited processes older than the retention, and the oldest beyond the count limit. */
  private forgetOld(): void {
    const now = this.now();
    const exited = [...this.processes.values()].filter((process) => process.endedAt !== null).sort((a, b) => a.endedAt! - b.endedAt!);
    exited.forEach((process, index) => {
      if (now - process.endedAt! >= EXITED_RETENTION_MS || exited.length - index > MAX_EXITED_PROCESSES) this.processes.delete(process.id);
    });
  }
}
