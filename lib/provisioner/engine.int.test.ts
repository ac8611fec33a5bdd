import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as agentLogsRoute } from "@/app/api/v1/workspaceagents/[agentId]/logs/route";
import { GET as buildLogsRoute } from "@/app/api/v1/workspacebuilds/[buildId]/logs/route";
import { isAgentProcessRunning } from "@/lib/workspace-agents/agent-process";
import { dialAgent } from "@/lib/workspace-agents/dial-agent";
import { dialSecretFromTokenHash } from "@/lib/workspace-agents/dial-secret";
import type { Actor } from "@/lib/auth/actor";
import { createSession } from "@/lib/auth/create-session";
import { db } from "@/lib/db/client";
import { hostProcessesWithArgument } from "@/lib/sandbox/testing/host-processes";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import type { TemplateSpecInput } from "@/lib/templates/schemas";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { readSse, type ReceivedEvent } from "@/lib/testing/read-sse";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";
import { cancelWorkspaceBuild } from "@/lib/workspaces/cancel-workspace-build";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createWorkspaceBuild } from "@/lib/workspaces/create-workspace-build";
import { getWorkspace } from "@/lib/workspaces/get-workspace";
import type { Workspace } from "@/lib/workspaces/schemas";
import { stopExpiredWorkspaces } from "@/lib/workspaces/stop-expired-workspaces";
import { workspaceDir } from "./workspace-dir";

const getDb = useTestDatabase();
const engine = useEngine(getDb);

async function exampleSpec(name: string): Promise<TemplateSpecInput> {
  const example = (await listExampleTemplates()).find((t) => t.spec.name === name);
  if (!example) throw new Error(`no example template ${name}`);
  return example.spec;
}

async function buildDone(workspaceId: string, actor: Actor): Promise<Workspace> {
  return eventually(
    async () => {
      const workspace = await getWorkspace({ workspaceId, actor });
      return workspace.latestBuild.job.completedAt ? workspace : null;
    },
    { what: "the build to finish", timeoutMs: 30_000 },
  );
}

async function untilStatus(workspaceId: string, actor: Actor, status: Workspace["status"]): Promise<Workspace> {
  return eventually(
    async () => {
      const workspace = await getWorkspace({ workspaceId, actor });
      return workspace.status === status ? workspace : null;
    },
    { what: `status ${status}`, timeoutMs: 30_000 },
  );
}

async function agentSettled(workspaceId: string, actor: Actor): Promise<Workspace> {
  return eventually(
    async () => {
      const workspace = await getWorkspace({ workspaceId, actor });
      const agent = workspace.agents[0];
      return agent && !["created", "starting"].includes(agent.lifecycleState) ? workspace : null;
    },
    { what: "the startup scripts to finish", timeoutMs: 30_000 },
  );
}

function followLogs(route: typeof buildLogsRoute, params: Record<string, string>, session: string) {
  const events: ReceivedEvent[] = [];
  const done = (async () => {
    const response = await route(
      new Request(`http://kiln.test/logs?follow=1`, { headers: { cookie: `kiln_session=${session}` } }),
      { params: Promise.resolve(params) },
    );
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await readSse(response, (event) => events.push(event));
  })();
  return { events, done };
}

describe("workspace engine", () => {
  it("builds node-dev with live logs, runs its agent to ready, and stops, starts and deletes it", async () => {
    const { actor, templateId } = await seedUserWithTemplate({ spec: await exampleSpec("node-dev") });
    const { secret } = await createSession({ userId: actor.id });
    const created = await createWorkspace({ input: { templateId, name: "dev-box", parameters: { greeting: "hi there" } }, actor });
    expect(created.latestBuild).toMatchObject({ transition: "start", buildNumber: 1 });

    const buildLogs = followLogs(buildLogsRoute, { buildId: created.latestBuild.id }, secret);
    await buildLogs.done;
    const built = await getWorkspace({ workspaceId: created.id, actor });
    expect(built.latestBuild.status).toBe("succeeded");
    const logLines = buildLogs.events.filter((e) => e.event === "log");
    const ids = logLines.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const outputs = logLines.map((e) => (e.data as { output: string }).output).join("\n");
    // Real commands, real output: the workspace's Node.js and the scaffold npm made.
    expect(outputs).toMatch(/node v\d+\.\d+\.\d+, npm \d+/);
    expect(outputs).toContain("package.json");
    // Lines reached the follower while the build was still running, not all at the end.
    const completedAt = Date.parse(built.latestBuild.job.completedAt!);
    expect(logLines[0]!.receivedAt).toBeLessThan(completedAt - 200);
    expect(buildLogs.events.at(-1)?.event).toBe("end");
    expect(built.latestBuild.timings.map((t) => t.stage)).toEqual(["Check Node.js", "Scaffold project"]);

    const agentId = built.agents[0]!.id;
    const agentLogs = followLogs(agentLogsRoute, { agentId }, secret);
    const ready = await agentSettled(created.id, actor);
    const agent = ready.agents[0]!;
    expect(agent.lifecycleState).toBe("ready");
    expect(agent.status).toBe("connected");
    expect(await isAgentProcessRunning({ agentId })).toBe(true);
    const { tokenHash } = await (await db()).workspaceAgent.findUniqueOrThrow({ where: { id: agentId }, select: { tokenHash: true } });
    expect(await dialAgent({ address: agent.address!, secret: dialSecretFromTokenHash(tokenHash) })).toEqual({ ok: true });
    // The agent's listener answers only the server, which knows its secret.
    expect(await dialAgent({ address: agent.address! })).toEqual({ ok: false, error: "bad answer: HTTP 401" });
    expect(await dialAgent({ address: agent.address!, secret: "x".repeat(64) })).toEqual({ ok: false, error: "bad answer: HTTP 401" });
    await agentLogs.done;
    const scriptOutput = agentLogs.events.filter((e) => e.event === "log").map((e) => (e.data as { output: string }).output);
    // A process inside the workspace got the dev server's greeting from localhost:3000.
    expect(scriptOutput).toEqual(expect.arrayContaining([expect.stringContaining("localhost:3000 answers: hi there from dev-box")]));
    expect(readFileSync(path.join(workspaceDir(created.id), ".nvmrc"), "utf8").trim()).toBe("20");
    expect(JSON.parse(readFileSync(path.join(workspaceDir(created.id), "package.json"), "utf8"))).toMatchObject({ name: "dev-box", scripts: { dev: "node src/index.js" } });

    await createWorkspaceBuild({ workspaceId: created.id, input: { transition: "stop" }, actor });
    const stopped = await untilStatus(created.id, actor, "stopped");
    expect(stopped.status).toBe("stopped");
    expect(stopped.agents[0]).toMatchObject({ id: agentId, lifecycleState: "off" });
    expect(await isAgentProcessRunning({ agentId })).toBe(false);
    expect((await dialAgent({ address: agent.address!, timeoutMs: 1000 })).ok).toBe(false);

    await createWorkspaceBuild({ workspaceId: created.id, input: { transition: "start" }, actor });
    const restarted = await eventually(async () => {
      const workspace = await getWorkspace({ workspaceId: created.id, actor });
      const next = workspace.agents[0];
      return next && next.id !== agentId && next.lifecycleState === "ready" ? workspace : null;
    });
    expect(restarted.latestBuild.buildNumber).toBe(3);
    expect(restarted.agents[0]!.id).not.toBe(agentId);
    expect(restarted.agents[0]!.lifecycleState).toBe("ready");

    await createWorkspaceBuild({ workspaceId: created.id, input: { transition: "delete" }, actor });
    const deleted = await untilStatus(created.id, actor, "deleted");
    expect(deleted).toMatchObject({ deleted: true, status: "deleted" });
    expect(existsSync(workspaceDir(created.id))).toBe(false);
    expect(await isAgentProcessRunning({ agentId: restarted.agents[0]!.id })).toBe(false);
  });

  it("fails broken-build with the failing step's error and creates no agent", async () => {
    const { actor, templateId } = await seedUserWithTemplate({ spec: await exampleSpec("broken-build") });
    const created = await createWorkspace({ input: { templateId, name: "broken" }, actor });
    const done = await buildDone(created.id, actor);
    expect(done.latestBuild.status).toBe("failed");
    expect(done.latestBuild.job.error).toMatch(/^build step ".+" failed with exit code 3/);
    expect(done.agents).toEqual([]);
  });

  it("stores every line of a step whose output holds a NUL byte (PostgreSQL refuses NUL in text)", async () => {
    const { actor, templateId } = await seedUserWithTemplate({
      spec: {
        name: "nul-output",
        build: [{ name: "Print", run: "for i in $(seq 1 100); do echo A$i; done; printf 'bin\\0ary\\n'; for i in $(seq 1 100); do echo B$i; done" }],
      },
    });
    const created = await createWorkspace({ input: { templateId, name: "nul-output" }, actor });
    const done = await buildDone(created.id, actor);
    expect(done.latestBuild.status).toBe("succeeded");
    const { jobId } = await getDb().prisma.workspaceBuild.findUniqueOrThrow({ where: { id: created.latestBuild.id } });
    const lines = await getDb().prisma.provisionerJobLog.findMany({ where: { jobId, stage: "Print" }, orderBy: { id: "asc" } });
    const numbered = (prefix: string) => Array.from({ length: 100 }, (_, i) => `${prefix}${i + 1}`);
    expect(lines.map((line) => line.output)).toEqual([...numbered("A"), "bin\uFFFDary", ...numbered("B")]);
  });

  it("reports start_error for broken-startup and start_timeout for a script past its timeout", async () => {
    const broken = await seedUserWithTemplate({ spec: await exampleSpec("broken-startup") });
    const slow = await seedUserWithTemplate({
      spec: {
        name: "slow-start",
        agents: [{ name: "main", scripts: [{ name: "Hang", run: "echo hanging; sleep 30", timeout: 1 }] }],
      },
    });
    const [a, b] = await Promise.all([
      createWorkspace({ input: { templateId: broken.templateId, name: "bad-start" }, actor: broken.actor }),
      createWorkspace({ input: { templateId: slow.templateId, name: "slow-start" }, actor: slow.actor }),
    ]);
    const [failed, timedOut] = await Promise.all([agentSettled(a.id, broken.actor), agentSettled(b.id, slow.actor)]);
    expect(failed.agents[0]!.lifecycleState).toBe("start_error");
    expect(timedOut.agents[0]!.lifecycleState).toBe("start_timeout");
  });

  it("passes parameter values to scripts only as environment variables, never executing them", async () => {
    const marker = path.join(engine.dataDir, "injected");
    const { actor, templateId } = await seedUserWithTemplate({
      spec: {
        name: "echo-params",
        parameters: [{ name: "value", type: "string" }],
        build: [{ name: "Write", run: 'printf "%s" "$KILN_PARAM_VALUE" > "$KILN_WORKSPACE_DIR/value.txt"' }],
        agents: [{ name: "main", scripts: [{ name: "Write", run: 'printf "%s" "$KILN_PARAM_VALUE" > agent-value.txt; echo "$KILN_PARAM_VALUE"' }] }],
      },
    });
    for (const [index, value] of [`$(touch ${marker})`, `; touch ${marker}; rm -rf ~`, `\`touch ${marker}\``].entries()) {
      const created = await createWorkspace({ input: { templateId, name: `inject-${index}`, parameters: { value } }, actor });
      const ready = await agentSettled(created.id, actor);
      expect(ready.agents[0]!.lifecycleState).toBe("ready");
      expect(readFileSync(path.join(workspaceDir(created.id), "value.txt"), "utf8")).toBe(value);
      expect(readFileSync(path.join(workspaceDir(created.id), "agent-value.txt"), "utf8")).toBe(value);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("cancels a long step promptly and leaves none of its processes", async () => {
    const { actor, templateId } = await seedUserWithTemplate({
      // Pids inside a sandbox are its own: the processes are found from the host by a unique argument.
      spec: { name: "long", build: [{ name: "Long", run: 'sleep 120.0417 & bash -c "sleep 120.0417; :" & echo $$ > "$KILN_WORKSPACE_DIR/step.pid"; wait' }] },
    });
    const created = await createWorkspace({ input: { templateId, name: "long" }, actor });
    const pidFile = path.join(workspaceDir(created.id), "step.pid");
    await eventually(async () => existsSync(pidFile) && hostProcessesWithArgument("120.0417").length === 2, { what: "the step to start" });
    const pids = hostProcessesWithArgument("120.0417");
    const canceledAt = Date.now();
    await cancelWorkspaceBuild({ buildId: created.latestBuild.id, actor });
    const done = await buildDone(created.id, actor);
    // Far under the 120 s the step would run. (The cancel's notification and the heartbeat's fallback,
    // every staleMs / 6 = 1.7 s here, both land well inside: 2 s told neither apart, and a loaded
    // machine's kill, teardown and polling could outlast it.)
    expect(Date.now() - canceledAt).toBeLessThan(10_000);
    expect(done.latestBuild.status).toBe("canceled");
    // Killed processes die when next scheduled: asked again, not once.
    await expect.poll(() => pids.filter(isLive), { timeout: 10_000 }).toEqual([]);
  });

  it("stops a running workspace past its deadline (autostop), once", async () => {
    const { actor, templateId } = await seedUserWithTemplate({ spec: await exampleSpec("quick") });
    const created = await createWorkspace({ input: { templateId, name: "short-lived", ttlMs: 60_000 }, actor });
    const running = await agentSettled(created.id, actor);
    expect(running.deadline).not.toBeNull();
    const deadline = Date.parse(running.deadline!);
    expect(await stopExpiredWorkspaces({ now: new Date(deadline - 1) })).toEqual([]);
    expect(await stopExpiredWorkspaces({ now: new Date(deadline + 1) })).toEqual([created.id]);
    expect(await stopExpiredWorkspaces({ now: new Date(deadline + 2) })).toEqual([]);
    // The server's stop is in the audit log, with no actor and its reason.
    const audited = await getDb().prisma.auditLog.findMany({ where: { resourceId: created.id, action: "workspace.build" } });
    expect(audited).toEqual([
      expect.objectContaining({ userId: null, diff: expect.objectContaining({ via: { before: null, after: "system" }, transition: { before: "start", after: "stop" } }) }),
    ]);
    const stopped = await eventually(async () => {
      const workspace = await getWorkspace({ workspaceId: created.id, actor });
      return workspace.status === "stopped" ? workspace : null;
    });
    expect(stopped).toMatchObject({ deadline: null, latestBuild: { buildNumber: 2, transition: "stop" } });
  });
});

/** Alive and not a zombie waiting to be reaped. */
function isLive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
