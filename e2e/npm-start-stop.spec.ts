import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { request as apiRequest, type APIRequestContext } from "@playwright/test";
import { KilnApi, uniqueName } from "./api";
import { expect, test } from "./fixtures";
import { stopProcessGroup } from "./support/process-group";

// `npm start` itself, as a user runs it, stopped during a build whose step prints 1,000 lines:
// by SIGTERM to npm (which passes it on to the server it started) and by SIGINT to that server
// directly. Every printed line is stored, the build ends with "the server stopped during the
// build", and no process of Kiln is left: not npm, not the server, not the step or what it left
// in the background. lib/server/server-stop.int.test.ts covers the same stop on both databases
// with the server process alone; this is the whole command.

const PORT = Number(process.env.E2E_STOP_PORT ?? 3217);
const url = `http://127.0.0.1:${PORT}`;
const admin = { email: "stop-admin@example.com", username: "stopadmin", password: "npm-start-stop-password" };
const started: ChildProcess[] = [];

test.afterAll(async () => {
  for (const npm of started) await stopProcessGroup(npm);
});

/** `npm start` on the embedded database in `dataDir`; resolves once healthz answers. */
async function npmStart(dataDir: string): Promise<ChildProcess> {
  const npm = spawn("npm", ["start"], {
    env: { ...process.env, KILN_DATA_DIR: dataDir, DATABASE_URL: "", PORT: String(PORT) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  started.push(npm);
  let output = "";
  const keep = (chunk: Buffer) => void (output = `${output}${chunk.toString()}`.slice(-20_000));
  npm.stdout!.on("data", keep);
  npm.stderr!.on("data", keep);
  await expect
    .poll(async () => {
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}:\n${output}`);
      return fetch(`${url}/api/v1/healthz`).then((r) => r.ok, () => false);
    }, { timeout: 60_000, intervals: [250] })
    .toBe(true);
  return npm;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Live (not zombie) pids whose environment holds `marker` (KILN_DATA_DIR=…, KILN_JOB_ID=…). */
function pidsWith(marker: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") return false;
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(marker);
      } catch {
        return false;
      }
    });
}

/** No process is left in the group npm led. */
function groupIsEmpty(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch {
    return true;
  }
}

/** The server npm started: npm's child (the script `exec`s node, so there is no shell between). */
function serverPid(npm: ChildProcess): number {
  const children = readFileSync(`/proc/${npm.pid}/task/${npm.pid}/children`, "utf8").trim().split(/\s+/).map(Number);
  expect(children).toHaveLength(1);
  return children[0]!;
}

async function signedIn(): Promise<{ context: APIRequestContext; api: KilnApi }> {
  const context = await apiRequest.newContext({ baseURL: url });
  return { context, api: await KilnApi.signIn(context, admin) };
}

for (const { target, signal, exitCode } of [
  { target: "npm", signal: "SIGTERM", exitCode: 143 },
  { target: "server", signal: "SIGINT", exitCode: 130 },
] as const) {
  test(`${signal} to ${target === "npm" ? "npm start" : "the server npm started"} during a build: every line stored, a clear error, no process left`, async () => {
    test.setTimeout(180_000);
    const dataDir = path.join(process.env.KILN_E2E_DATA_DIR!, "servers", `npm-start-${signal.toLowerCase()}`);
    const npm = await npmStart(dataDir);
    expect((await fetch(`${url}/api/v1/users/first`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(admin) })).status).toBe(201);
    const { context, api } = await signedIn();
    const template = await api.createTemplate({
      name: uniqueName("chatty"),
      build: [{ name: "Chatty step", run: 'for i in $(seq 1 1000); do echo "line $i"; done; sleep 600 & echo $$ > step.pid; wait', timeout: 900 }],
    });
    const workspace = await api.createWorkspace({ template: template.name });
    const jobId = workspace.latestBuild.job.id;
    // The step writes step.pid in its folder once all 1,000 lines are out.
    await expect.poll(() => existsSync(path.join(dataDir, "workspaces", workspace.id, "step.pid")), { timeout: 60_000 }).toBe(true);
    // The step and the sleep it left behind: seen now, so their absence later means something.
    expect(pidsWith(`KILN_JOB_ID=${jobId}`).length).toBeGreaterThanOrEqual(2);
    await context.dispose();

    const server = serverPid(npm);
    if (target === "npm") process.kill(npm.pid!, signal);
    else process.kill(server, signal);
    expect(await exited(npm)).toBe(exitCode);
    // Nothing of Kiln is left: the group npm led is empty, and no process carries this data
    // folder or this job (a sandboxed step dies after its provisioner, when next scheduled).
    await expect.poll(() => [...pidsWith(`KILN_DATA_DIR=${dataDir}`), ...pidsWith(`KILN_JOB_ID=${jobId}`)], { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => groupIsEmpty(npm.pid!), { timeout: 10_000 }).toBe(true);

    // A restart finds the build ended with the stop's message and every line stored.
    const again = await npmStart(dataDir);
    const after = await signedIn();
    const build = (await after.api.workspaces()).find((w) => w.id === workspace.id)!.latestBuild;
    expect(build.job).toMatchObject({ status: "failed", error: "the server stopped during the build", errorCode: "provisioner_shutdown" });
    const logs = (await (await after.context.get(`/api/v1/workspacebuilds/${build.id}/logs?after=0`)).json()) as { output: string }[];
    const printed = logs.map((line) => line.output).filter((output) => output.startsWith("line "));
    expect(printed).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`));
    await after.context.dispose();
    await stopProcessGroup(again);
  });
}
