// Test child: plays a server that owns the database, queues a long build, runs its provisioner
// and prints `{"type":"running","jobId":...}` once the build step runs — then waits to be
// killed with SIGKILL. Run with `tsx --conditions=react-server`. Args: <pglite dir | postgres url>.
import { setConfig } from "@/lib/config";
import { initDb } from "@/lib/db/client";
import { Provisioner } from "@/lib/provisioner/provisioner";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

const [target, dataDir] = process.argv.slice(2) as [string, string];
setConfig({ dataDir, provisionerStaleMs: 60_000 });
const database = await initDb(target.startsWith("postgres") ? { kind: "postgres", url: target } : { kind: "pglite", dataDir: target });
const { actor, templateId } = await seedUserWithTemplate({
  spec: { name: "slow", build: [{ name: "Long step", run: "echo started; sleep 600" }] },
});
const workspace = await createWorkspace({ input: { templateId, name: "doomed" }, actor });
await new Provisioner({ concurrency: 1, staleMs: 60_000, log: () => {} }).start();
const jobId = workspace.latestBuild.job.id;
await eventually(async () => (await database.prisma.provisionerJobLog.count({ where: { jobId } })) > 0, { what: "the step to run" });
console.log(JSON.stringify({ type: "running", jobId }));
setInterval(() => {}, 1 << 30);
