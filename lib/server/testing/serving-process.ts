// Test child: plays the server process as `next start` runs it — a SIGTERM/SIGINT handler that
// exits at once is installed first, as Next.js's is, then instrumentation's startServer() runs.
// Run with `tsx --conditions=react-server`. Args: <pglite dir | postgres url> <data dir> <mode>.
// mode "build": queues a build whose step prints 1,000 lines, then sleeps with its pid in
// step.pid; prints `{"type":"running","jobId":...,"directory":...}` once line 1,000 is out.
// mode "restart": starts the server on the same database; prints `{"type":"started"}`.
import { existsSync } from "node:fs";
import path from "node:path";
import { setConfig } from "@/lib/config";
import { initDb, targetFromConfig } from "@/lib/db/client";
import { workspaceDir } from "@/lib/provisioner/workspace-dir";
import { startServer } from "@/lib/server/start-server";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

const [target, dataDir, mode] = process.argv.slice(2) as [string, string, "build" | "restart"];
setConfig({
  dataDir,
  databaseUrl: target.startsWith("postgres") ? target : undefined,
  embeddedProvisioner: true,
  provisionerStaleMs: 60_000,
  metricsIntervalMs: 60_000,
});
for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) process.on(signal, () => process.exit(code));

await initDb(targetFromConfig({ databaseUrl: target.startsWith("postgres") ? target : undefined, dataDir }));
if (mode === "restart") {
  await startServer();
  console.log(JSON.stringify({ type: "started" }));
} else {
  const { actor, templateId } = await seedUserWithTemplate({
    spec: {
      name: "chatty",
      build: [{ name: "Chatty step", run: 'for i in $(seq 1 1000); do echo "line $i"; done; sleep 600 & echo $! > sleep.pid; echo $$ > step.pid; wait' }],
    },
  });
  const workspace = await createWorkspace({ input: { templateId, name: "interrupted" }, actor });
  await startServer();
  const directory = workspaceDir(workspace.id);
  await eventually(async () => existsSync(path.join(directory, "step.pid")), { what: "the step to print its lines", timeoutMs: 30_000 });
  console.log(JSON.stringify({ type: "running", jobId: workspace.latestBuild.job.id, directory }));
}
setInterval(() => {}, 1 << 30);
