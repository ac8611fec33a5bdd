import { spawn } from "node:child_process";
import { systemBinds } from "./sandbox-command";

export type SandboxProbe = { ok: true } | { ok: false; reason: string };

const PROBE_TIMEOUT_MS = 5000;

/**
 * Whether bubblewrap can make a sandbox here: runs `true` in one with every namespace of a
 * workspace (a container's seccomp profile refuses them, for example). `path` is the PATH that
 * finds `bwrap` (tests pass one without it).
 */
export function probeSandbox({ path = process.env.PATH ?? "/usr/bin:/bin" }: { path?: string } = {}): Promise<SandboxProbe> {
  if (process.platform !== "linux") return Promise.resolve({ ok: false, reason: `bubblewrap needs Linux (this host is ${process.platform})` });
  return new Promise((resolve) => {
    const child = spawn(
      "bwrap",
      [...systemBinds(), "--unshare-all", "--die-with-parent", "--uid", "1000", "--gid", "1000", "--clearenv", "--", "/usr/bin/true"],
      { env: { PATH: path } as Record<string, string> as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-500)));
    const timer = setTimeout(() => child.kill("SIGKILL"), PROBE_TIMEOUT_MS);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        ok: false,
        reason: error.code === "ENOENT" ? "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)" : `bwrap could not start: ${error.message}`,
      });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ ok: true });
      const why = stderr.trim() || (signal ? `killed by ${signal}` : `exit code ${code}`);
      resolve({ ok: false, reason: `bwrap cannot create a sandbox here (namespaces refused?): ${why}` });
    });
  });
}
