// Test child: uses up every file descriptor it may open (run it under `ulimit -n 64`), then
// runs a build-step script and the agent's startup scripts, which cannot get pipes (EMFILE).
// Prints `{"type":"script","outcome"}`, `{"type":"startup","results","lines"}` and
// `{"type":"alive"}` a moment later — an unhandled "error" event would have killed it before.
// Run with `node --import tsx`. Argument: a scratch folder.
import { closeSync, openSync } from "node:fs";
import type { AgentLogLine } from "@/lib/workspace-agents/schemas";
import { runStartupScripts } from "@/lib/agent-program/script-runner";
import { runScript } from "@/lib/processes/run-script";

const [folder] = process.argv.slice(2) as [string];
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

const held: number[] = [];
try {
  for (;;) held.push(openSync("/dev/null", "r"));
} catch {
  // EMFILE: the limit is reached.
}

const outcome = await runScript({ script: "echo never", cwd: folder, env, timeoutSeconds: 5, onLine: () => {} });
const lines: AgentLogLine[] = [];
const results = await runStartupScripts({
  scripts: [{ id: "00000000-0000-4000-8000-000000000001", name: "dev server", script: "echo never", runOnStart: true, timeoutSeconds: 5 }],
  cwd: folder,
  env,
  onLine: (line) => lines.push(line),
});
// stdout needs no new descriptor, but give some back for the timers' and the exit's sake.
for (const fd of held.splice(0, 8)) closeSync(fd);
print({ type: "script", outcome });
print({ type: "startup", results, lines });
await new Promise((resolve) => setTimeout(resolve, 200));
print({ type: "alive" });
