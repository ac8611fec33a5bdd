import { type ChildProcess, spawn, type StdioNull, type StdioPipe } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import { attachOutboundNetwork, type NetworkOutcome } from "./outbound-network";
import { BLOCK_FD, INFO_FD, OPTIONS_FD, type LaunchCommand } from "./sandbox-launcher";

/** What bwrap writes on --info-fd (it also names its namespaces). */
const bwrapInfoSchema = z.object({ "child-pid": z.number().int().positive() });

/** bwrap writes its info right after it made the namespaces. */
const INFO_TIMEOUT_MS = 5000;

export type SandboxedChild = {
  child: ChildProcess;
  /**
   * Outbound network: resolves once it is attached (or could not be: the command then runs with
   * its loopback only), just before the command inside starts. null: the sandbox has no network.
   */
  network: Promise<NetworkOutcome> | null;
};

/** Reads bwrap's --info-fd report to its end; null when bwrap ended (or said nothing) first. */
function readInfo(stream: Readable): Promise<number | null> {
  return new Promise((resolve) => {
    let text = "";
    const done = (pid: number | null) => {
      clearTimeout(timer);
      stream.destroy();
      resolve(pid);
    };
    const timer = setTimeout(() => done(null), INFO_TIMEOUT_MS);
    stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    stream.once("error", () => done(null));
    stream.once("end", () => {
      try {
        done(bwrapInfoSchema.parse(JSON.parse(text))["child-pid"]);
      } catch {
        done(null);
      }
    });
  });
}

/**
 * Spawns a sandbox's launcher: writes bwrap's options to it and, with outbound network, holds the
 * command back (bwrap --block-fd) until the network is attached, so a step's very first connect
 * finds it up. Throws as child_process.spawn does for invalid arguments; other failures arrive as
 * the child's "error" event.
 */
export function spawnSandboxed(
  launch: LaunchCommand,
  options: { cwd: string; detached: boolean; stdio: [StdioNull | StdioPipe, StdioNull | StdioPipe | number, StdioNull | StdioPipe | number] },
): SandboxedChild {
  const outbound = launch.network === "outbound";
  const child = spawn(launch.file, launch.args, {
    cwd: options.cwd,
    env: launch.env as NodeJS.ProcessEnv,
    detached: options.detached,
    stdio: [...options.stdio, "pipe", ...(outbound ? (["pipe", "pipe"] as const) : [])],
  });
  const optionsPipe = child.stdio[OPTIONS_FD] as Writable | null | undefined;
  // A launcher that failed before bwrap read its options: its exit code and stderr say why.
  optionsPipe?.on("error", () => {});
  optionsPipe?.end(launch.options, () => optionsPipe.destroy());
  if (!outbound) return { child, network: null };
  const info = child.stdio[INFO_FD] as Readable | null | undefined;
  const block = (child.stdio as readonly unknown[])[BLOCK_FD] as Writable | null | undefined;
  const network = (async (): Promise<NetworkOutcome> => {
    const sandboxPid = info ? await readInfo(info) : null;
    const outcome = sandboxPid === null ? { pid: null, error: "the sandbox ended before its network could be set up" } : await attachOutboundNetwork({ sandboxPid });
    // Let the command run, network or not (a failed one is reported, and the sandbox has its loopback).
    block?.on("error", () => {});
    block?.end("1", () => block.destroy());
    return outcome;
  })();
  return { child, network };
}
