import { type ChildProcess, spawn } from "node:child_process";
import { LineSplitter } from "./line-splitter";
import { spawnFailureReason } from "./spawn-failure";

export type ScriptOutcome =
  | { kind: "exited"; exitCode: number }
  | { kind: "timeout" }
  | { kind: "aborted" }
  /** The script never ran; `message` says why ("the folder … does not exist", "too many open files"). */
  | { kind: "spawn_error"; message: string };

export type RunScriptOptions = {
  /** Script text, run by `bash -c`; it comes from the template, never from parameters. */
  script: string;
  cwd: string;
  /** The whole environment of the script: values reach it only this way. */
  env: Record<string, string>;
  /** Seconds; 0 = no limit. */
  timeoutSeconds: number;
  signal?: AbortSignal;
  onLine: (line: string, stream: "stdout" | "stderr") => void;
  /** Grace between SIGTERM and SIGKILL to the process group. */
  killGraceMs?: number;
  /**
   * Whether processes the script left running in the background are killed when it exits.
   * Build steps: yes. Startup scripts: no — a dev server started with `&` should stay up.
   */
  killLeftovers?: boolean;
  /** Called with the pid (= process group id) once the script runs, to stop leftovers later. */
  onSpawn?: (pid: number) => void;
  /**
   * Starts the script another way (in a workspace's sandbox): given `bash -c script`, `env` and the
   * spawn options, the child. Killing its process group must still stop everything it started.
   */
  spawn?: (argv: string[], env: Record<string, string>, options: ScriptSpawnOptions) => ChildProcess;
};

export type ScriptSpawnOptions = { cwd: string; detached: true; stdio: ["ignore", "pipe", "pipe"] };

/** How long to keep reading output after the script exited (a background child may hold the pipes). */
const OUTPUT_DRAIN_MS = 300;

/**
 * Runs a script in its own process group, so a timeout or an abort stops the script and every
 * process it started (`kill(-pgid)`), not just bash. Never rejects: a script that cannot start
 * (missing folder, no file descriptors left, a NUL byte in its text) is a `spawn_error`.
 */
export function runScript(options: RunScriptOptions): Promise<ScriptOutcome> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ kind: "aborted" });
    const argv = ["bash", "-c", options.script];
    const spawnOptions: ScriptSpawnOptions = { cwd: options.cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] };
    const spawnError = (error: unknown): ScriptOutcome => ({
      kind: "spawn_error",
      message: spawnFailureReason({ error, command: options.spawn ? "the sandbox's launcher" : "bash", cwd: options.cwd }),
    });
    let child: ChildProcess;
    try {
      child = options.spawn
        ? options.spawn(argv, options.env, spawnOptions)
        : spawn(argv[0]!, argv.slice(1), { ...spawnOptions, env: options.env as NodeJS.ProcessEnv });
    } catch (error) {
      // Invalid arguments throw at once (a NUL byte in the script or the environment).
      return resolve(spawnError(error));
    }
    // Without file descriptors for the pipes (EMFILE) Node has no stdout to read and reports the
    // failure only by an "error" event on the next tick, which must have a listener.
    if (!child.stdout || !child.stderr) {
      child.once("error", (error) => resolve(spawnError(error)));
      return;
    }
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    const stdout = new LineSplitter((line) => options.onLine(line, "stdout"));
    const stderr = new LineSplitter((line) => options.onLine(line, "stderr"));
    const childStdout = child.stdout;
    const childStderr = child.stderr;
    childStdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    childStderr.on("data", (chunk: Buffer) => stderr.push(chunk));

    let stopReason: "timeout" | "aborted" | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    const stop = (reason: "timeout" | "aborted") => {
      if (stopReason) return;
      stopReason = reason;
      killGroup("SIGTERM");
      killTimer = setTimeout(() => killGroup("SIGKILL"), options.killGraceMs ?? 1000);
    };
    const timer = options.timeoutSeconds > 0 ? setTimeout(() => stop("timeout"), options.timeoutSeconds * 1000) : undefined;
    const onAbort = () => stop("aborted");
    options.signal?.addEventListener("abort", onAbort, { once: true });

    let settled = false;
    const finish = (outcome: ScriptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      clearTimeout(drainTimer);
      stdout.flush();
      stderr.flush();
      if (stopReason) clearTimeout(killTimer);
      if (stopReason || options.killLeftovers) killGroup("SIGKILL");
      childStdout.destroy();
      childStderr.destroy();
      resolve(outcome);
    };
    let exitOutcome: ScriptOutcome | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    child.on("error", (error) => finish(spawnError(error)));
    child.on("exit", (code, signal) => {
      exitOutcome = stopReason
        ? { kind: stopReason }
        : { kind: "exited", exitCode: code ?? 128 + ((signal && osSignalNumber(signal)) || 0) };
      // Output still in the pipes arrives before "close"; a background child holding them
      // open must not keep the script from finishing.
      drainTimer = setTimeout(() => finish(exitOutcome!), OUTPUT_DRAIN_MS);
    });
    child.on("close", () => {
      if (exitOutcome) finish(exitOutcome);
    });
  });
}

function osSignalNumber(signal: NodeJS.Signals): number | undefined {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Partial<Record<NodeJS.Signals, number>>)[signal];
}
