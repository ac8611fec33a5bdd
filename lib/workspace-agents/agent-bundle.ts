import { spawn } from "node:child_process";
import { mkdir, readFile, rename, stat } from "node:fs/promises";
import path from "node:path";

// The agent runs as plain JavaScript (`node agent.mjs`): one process, nothing compiled at its
// start, and a single file that can be bound read-only into a workspace's sandbox. It is built
// from lib/agent-program/main.ts by esbuild, at install time (scripts/build-agent.ts) or here on demand
// when missing or older than one of its sources.

const root = () => process.cwd();

/** The terminal's native module, kept out of the bundle and loaded at run time. */
export const NODE_PTY_PACKAGE = "@lydell/node-pty";
/** The packages a bundled agent needs beside it, in node_modules, to open terminals. */
export const AGENT_NATIVE_PACKAGES = [NODE_PTY_PACKAGE, `${NODE_PTY_PACKAGE}-${process.platform}-${process.arch}`];
/** Where one of them is in the project. */
export const nativePackageDir = (name: string) => path.join(root(), "node_modules", name);
export const agentBundlePath = () => path.join(root(), "generated", "agent", "agent.mjs");
const metaPath = () => path.join(root(), "generated", "agent", "agent.meta.json");

async function mtime(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

/** Whether the bundle exists and none of its inputs (as esbuild's metafile lists them) changed since. */
export async function isAgentBundleFresh(): Promise<boolean> {
  const built = await mtime(agentBundlePath());
  if (built === null) return false;
  let inputs: string[];
  try {
    inputs = Object.keys((JSON.parse(await readFile(metaPath(), "utf8")) as { inputs: Record<string, unknown> }).inputs);
  } catch {
    return false;
  }
  const times = await Promise.all(inputs.map((input) => mtime(path.join(root(), input))));
  return times.every((time) => time !== null && time <= built);
}

function runEsbuild(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root(), "node_modules/esbuild/bin/esbuild"), args, {
      cwd: root(),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`esbuild failed building the agent: ${stderr.trim()}`))));
  });
}

let building: Promise<string> | undefined;

/** The path of an up-to-date agent bundle, building it first when needed. */
export async function ensureAgentBundle(): Promise<string> {
  if (await isAgentBundleFresh()) return agentBundlePath();
  building ??= (async () => {
    const dir = path.dirname(agentBundlePath());
    await mkdir(dir, { recursive: true });
    // Written beside and renamed: a concurrent reader never sees half a bundle.
    const temp = `${agentBundlePath()}.${process.pid}.tmp`;
    await runEsbuild([
      "lib/agent-program/main.ts",
      "--bundle",
      "--platform=node",
      "--format=esm",
      "--target=node20",
      `--outfile=${temp}`,
      `--metafile=${metaPath()}`,
      "--log-level=warning",
      // ASCII only and no comments: one non-ASCII character (a dependency's comment, say) makes V8
      // keep the whole source as UTF-16, twice its size, in every agent.
      "--charset=ascii",
      "--minify-whitespace",
      // A native module cannot be bundled: loaded from node_modules beside the bundle (the
      // project's, or the copy bound into a sandbox next to the agent program).
      `--external:${NODE_PTY_PACKAGE}`,
    ]);
    await rename(temp, agentBundlePath());
    return agentBundlePath();
  })().finally(() => (building = undefined));
  return building;
}
