import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/check-health";
import { workspaceDir } from "@/lib/provisioner/workspace-dir";
import type { TemplateSpecInput } from "@/lib/templates/schemas";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createWorkspaceBuild } from "@/lib/workspaces/create-workspace-build";
import { getWorkspace } from "@/lib/workspaces/get-workspace";
import type { Workspace } from "@/lib/workspaces/schemas";
import { probeSandbox } from "./probe-sandbox";
import { hostProcessesWithArgument } from "./testing/host-processes";
import { resolveIsolation, setWorkspaceIsolation } from "./workspace-isolation";

// Real sandboxes (bubblewrap) around real build steps and agents: what a workspace must never see
// or reach, each workspace's own localhost, limits, and what is left after stop and delete.

const getDb = useTestDatabase();
const engine = useEngine(getDb, { prefix: "kiln-sbx-" });

/** In the server's environment, never in a workspace's. */
const HOST_SECRET = "kiln-host-secret-4f1c9e";
process.env.KILN_TEST_SERVER_SECRET = HOST_SECRET;

afterEach(() => setWorkspaceIsolation(undefined));

/** Each attempt prints "blocked: <what>" or "ESCAPED: <what>"; parameters carry the targets. */
const ESCAPES = `
attempt() { if eval "$2" > /dev/null 2>&1; then echo "ESCAPED: $1"; else echo "blocked: $1"; fi; }
attempt "data folder" 'ls "$KILN_PARAM_DATA_DIR"'
attempt "other home" 'cat "$KILN_PARAM_OTHER_HOME/secret.txt"'
attempt "env secret" 'env | grep -q kiln-host-secret-'
attempt "environ secret" 'cat /proc/*/environ 2>/dev/null | grep -aq kiln-host-secret-'
attempt "kill server" 'kill -0 "$KILN_PARAM_SERVER_PID"'
attempt "postgres port" '(exec 3<>/dev/tcp/127.0.0.1/5432)'
attempt "kiln port" '(exec 3<>"/dev/tcp/127.0.0.1/$KILN_PARAM_KILN_PORT")'
attempt "write etc" 'touch /etc/kiln-escape'
attempt "write usr" 'touch /usr/kiln-escape'
attempt "host env of pid 1" 'tr -d "\\000" < /proc/1/environ | grep -q .'
attempt "host paths of pid 1" 'cat /proc/1/environ /proc/1/cmdline | grep -aqF "$KILN_PARAM_DATA_DIR"'
`;
const ATTEMPTS = [
  "data folder",
  "other home",
  "env secret",
  "environ secret",
  "kill server",
  "postgres port",
  "kiln port",
  "write etc",
  "write usr",
  "host env of pid 1",
  "host paths of pid 1",
];

const param = (name: string) => ({ name, type: "string" as const, default: "" });

async function settled(workspaceId: string, actor: Parameters<typeof getWorkspace>[0]["actor"]): Promise<Workspace> {
  return eventually(
    async () => {
      const workspace = await getWorkspace({ workspaceId, actor });
      if (["pending", "running"].includes(workspace.latestBuild.status)) return null;
      const agent = workspace.agents[0];
      if (workspace.latestBuild.status === "succeeded" && agent && ["created", "starting"].includes(agent.lifecycleState)) return null;
      return workspace;
    },
    { what: "the workspace to settle", timeoutMs: 60_000 },
  );
}

async function jobOutput(workspace: Workspace): Promise<string> {
  const rows = await (await db()).provisionerJobLog.findMany({ where: { jobId: workspace.latestBuild.job.id }, orderBy: { id: "asc" } });
  return rows.map((row) => row.output).join("\n");
}

async function agentOutput(agentId: string): Promise<string> {
  const rows = await (await db()).workspaceAgentLog.findMany({ where: { agentId }, orderBy: { id: "asc" } });
  return rows.map((row) => row.output).join("\n");
}

/** Whether a host process is in the cgroup of one of these workspaces (kiln-<id>). */
function inCgroupOf(pid: number, workspaceIds: string[]): boolean {
  try {
    const cgroups = readFileSync(`/proc/${pid}/cgroup`, "utf8");
    return workspaceIds.some((id) => cgroups.includes(`/kiln-${id}`));
  } catch {
    return false;
  }
}

describe("workspace sandbox", () => {
  it("blocks every escape from build steps and startup scripts", async () => {
    const spec: TemplateSpecInput = {
      name: "escape",
      parameters: [param("data_dir"), param("other_home"), param("server_pid"), param("kiln_port")],
      build: [{ name: "Escape", run: ESCAPES }],
      agents: [{ name: "main", scripts: [{ name: "Escape", run: ESCAPES }] }],
    };
    const { actor, templateId } = await seedUserWithTemplate({ spec });
    const other = await createWorkspace({ input: { templateId, name: "other" }, actor });
    await settled(other.id, actor);
    writeFileSync(path.join(workspaceDir(other.id), "secret.txt"), "other's secret\n");
    const parameters = {
      data_dir: engine.dataDir,
      other_home: workspaceDir(other.id),
      server_pid: String(process.pid),
      kiln_port: new URL((await import("@/lib/config")).config().accessUrl).port,
    };
    const created = await createWorkspace({ input: { templateId, name: "escaper", parameters }, actor });
    const done = await settled(created.id, actor);
    expect(done.latestBuild.status).toBe("succeeded");
    for (const output of [await jobOutput(done), await agentOutput(done.agents[0]!.id)]) {
      expect(output).not.toContain("ESCAPED");
      for (const attempt of ATTEMPTS) expect(output).toContain(`blocked: ${attempt}`);
    }
    expect(existsSync("/etc/kiln-escape")).toBe(false);
    expect(existsSync("/usr/kiln-escape")).toBe(false);
  });

  it("gives each workspace its own localhost:3000 (node-dev), and leaves no process after stop and delete", async () => {
    const { listExampleTemplates } = await import("@/lib/templates/example-templates");
    const nodeDev = (await listExampleTemplates()).find((template) => template.spec.name === "node-dev")!;
    const { actor, templateId } = await seedUserWithTemplate({ spec: nodeDev.spec as TemplateSpecInput });
    const [first, second] = await Promise.all(["web-one", "web-two"].map((name) => createWorkspace({ input: { templateId, name }, actor })));
    const [one, two] = await Promise.all([settled(first!.id, actor), settled(second!.id, actor)]);
    for (const [workspace, name] of [[one!, "web-one"], [two!, "web-two"]] as const) {
      expect(workspace.agents[0]!.lifecycleState).toBe("ready");
      expect(await agentOutput(workspace.agents[0]!.id)).toContain(`localhost:3000 answers: hello from ${name}`);
    }
    // Both dev servers run, each in its own network namespace, seen from the host by their script
    // and their workspace's cgroup (other tests and servers on this host may run node-dev too).
    const devServers = () => hostProcessesWithArgument("src/index.js").filter((pid) => inCgroupOf(pid, [one!.id, two!.id]));
    expect(devServers()).toHaveLength(2);
    await createWorkspaceBuild({ workspaceId: one!.id, input: { transition: "stop" }, actor });
    await createWorkspaceBuild({ workspaceId: two!.id, input: { transition: "delete" }, actor });
    await eventually(async () => {
      const [a, b] = await Promise.all([getWorkspace({ workspaceId: one!.id, actor }), (await db()).workspace.findUniqueOrThrow({ where: { id: two!.id } })]);
      return a.status === "stopped" && b.deleted;
    }, { what: "stop and delete", timeoutMs: 30_000 });
    expect(devServers()).toEqual([]);
    expect(existsSync(workspaceDir(two!.id))).toBe(false);
  });

  it("gives an outbound workspace a way out, up before its first connect, with every address of the host cut off", async () => {
    // A service of the host on all its addresses (as a PostgreSQL or a Kiln bound to 0.0.0.0 is).
    const everywhere = net.createServer((socket) => socket.end("host service\n"));
    await new Promise<void>((resolve) => everywhere.listen(0, "::", resolve));
    const ports = [5432, Number(new URL((await import("@/lib/config")).config().accessUrl).port), (everywhere.address() as net.AddressInfo).port];
    // The host's own addresses as Node sees them (not as the code under test reads them); IPv6
    // link-local ones need a scope that /dev/tcp cannot give.
    const hostAddresses = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && !i.internal && !i.address.startsWith("fe80:"))
      .map((i) => i!.address);
    expect(hostAddresses.length).toBeGreaterThan(0);
    // slirp's gateway and DNS forwarder, and the sandbox's own loopback, must not lead to the host either.
    const targets = ["10.0.2.2", "10.0.2.3", "127.0.0.1", "0.0.0.0", ...hostAddresses];
    // The very first thing a step does is connect, to its own address on tap0 (slirp4netns
    // configures it): "refused" once the network is up, "unreachable" before. Nothing outside is
    // contacted (no test may need the internet).
    const firstConnect = `
first="$(timeout 3 bash -c 'exec 3<>/dev/tcp/10.0.2.100/9' 2>&1)"
case "$first" in *"Connection refused"*) echo "first connect: network up";; *) echo "first connect: NETWORK DOWN: $first";; esac
`;
    const probe = `${firstConnect}
awk '$1 == "tap0" && $2 == "00000000" && $3 == "0202000A" { found = 1 } END { exit !found }' /proc/net/route && echo "gateway: 10.0.2.2 on tap0" || echo "gateway: missing"
connect() { timeout "$1" bash -c "exec 3<>/dev/tcp/$2/$3" 2>&1; }
for host in $KILN_PARAM_HOSTS; do for port in $KILN_PARAM_PORTS; do
  if out="$(connect 3 "$host" "$port")"; then echo "REACHED: $host:$port"
  else case "$out" in *"Permission denied"*) echo "prohibited: $host:$port";; *) echo "blocked: $host:$port";; esac; fi
done; done
# A documentation address (TEST-NET-2), which is no host's: without internet nothing answers,
# but the connect is not refused by the sandbox's routes.
out="$(connect 2 198.51.100.1 80)"
case "$out" in *"Permission denied"*) echo "non-host address: PROHIBITED";; *) echo "non-host address: let through";; esac
`;
    const { actor, templateId } = await seedUserWithTemplate({
      spec: {
        name: "outbound",
        network: "outbound",
        parameters: [param("hosts"), param("ports")],
        build: [
          ...[1, 2, 3, 4].map((n) => ({ name: `Connect ${n}`, timeout: 30, run: firstConnect })),
          { name: "Probe", timeout: 120, run: probe },
        ],
        agents: [{ name: "main", scripts: [{ name: "Probe", timeout: 120, run: probe }] }],
      },
    });
    try {
      const parameters = { hosts: targets.join(" "), ports: ports.join(" ") };
      const done = await settled((await createWorkspace({ input: { templateId, name: "outbound", parameters }, actor })).id, actor);
      expect(done.latestBuild.status).toBe("succeeded");
      expect(done.agents[0]!.lifecycleState).toBe("ready");
      const [build, agent] = [await jobOutput(done), await agentOutput(done.agents[0]!.id)];
      // Five sandboxes of the build and the agent's: the network was up at each one's first connect.
      expect(build.match(/first connect: network up/g)).toHaveLength(5);
      expect(agent).toContain("first connect: network up");
      for (const output of [build, agent]) {
        expect(output).not.toContain("NETWORK DOWN");
        expect(output).toContain("gateway: 10.0.2.2 on tap0");
        expect(output).not.toContain("REACHED");
        for (const host of targets) for (const port of ports) expect(output).toMatch(new RegExp(`(blocked|prohibited): ${host.replaceAll(".", "\\.")}:${port}\\n`));
        // The host's own addresses are refused by the sandbox's routes, before slirp could connect.
        for (const host of hostAddresses) for (const port of ports) expect(output).toContain(`prohibited: ${host}:${port}\n`);
        expect(output).toContain("non-host address: let through");
      }
    } finally {
      everywhere.close();
    }
  });

  it("keeps the routes that cut the host off out of the workspace's reach, even as root of a user namespace of its own", async () => {
    const [hostAddress] = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i?.family === "IPv4" && !i.internal)
      .map((i) => i!.address);
    const undo = `
ip route del prohibit "$KILN_PARAM_HOST" 2>/dev/null && echo "UNDONE as the workspace user" || echo "kept: workspace user"
unshare -r sh -c 'ip route del prohibit "$KILN_PARAM_HOST"' 2>/dev/null && echo "UNDONE as root of a user namespace" || echo "kept: user namespace root"
ip route show | grep -q "^prohibit $KILN_PARAM_HOST " && echo "route: still there" || echo "route: GONE"
grep CapEff /proc/self/status
`;
    const { actor, templateId } = await seedUserWithTemplate({
      spec: { name: "undo", network: "outbound", parameters: [param("host")], build: [{ name: "Undo", timeout: 30, run: undo }] },
    });
    const done = await settled((await createWorkspace({ input: { templateId, name: "undo", parameters: { host: hostAddress! } }, actor })).id, actor);
    expect(done.latestBuild.status).toBe("succeeded");
    const output = await jobOutput(done);
    expect(output).not.toContain("UNDONE");
    expect(output).toContain("kept: workspace user");
    expect(output).toContain("kept: user namespace root");
    expect(output).toContain("route: still there");
    expect(output).toContain("CapEff:\t0000000000000000");
  });

  it("kills a step over its memory limit and says why", async () => {
    const { actor, templateId } = await seedUserWithTemplate({
      spec: {
        name: "hungry",
        limits: { memory_mb: 64 },
        build: [{ name: "Allocate", run: 'node -e "const a = []; for (;;) a.push(Buffer.alloc(1e6, 1))"' }],
      },
    });
    const created = await createWorkspace({ input: { templateId, name: "hungry" }, actor });
    const done = await settled(created.id, actor);
    expect(done.latestBuild.status).toBe("failed");
    expect(await jobOutput(done)).toContain("went over its memory limit of 64 MB");
  });

  it("kills a startup script over its memory limit and the agent says why", async () => {
    const { actor, templateId } = await seedUserWithTemplate({
      spec: {
        name: "hungry-agent",
        limits: { memory_mb: 128 },
        agents: [{ name: "main", scripts: [{ name: "Allocate", run: 'node -e "const a = []; for (;;) a.push(Buffer.alloc(1e6, 1))"' }] }],
      },
    });
    const created = await createWorkspace({ input: { templateId, name: "hungry-agent" }, actor });
    const done = await settled(created.id, actor);
    expect(done.latestBuild.status).toBe("succeeded");
    expect(done.agents[0]!.lifecycleState).toBe("start_error");
    expect(await agentOutput(done.agents[0]!.id)).toContain("Allocate: a process was killed: the workspace went over its memory limit of 128 MB");
  });

  it("bounds a fork bomb by the pids limit; the server and another workspace carry on", async () => {
    const { actor, templateId } = await seedUserWithTemplate({
      spec: {
        name: "forky",
        limits: { pids: 32 },
        build: [{ name: "Fork", timeout: 20, run: "for i in $(seq 1 200); do (sleep 9.0731) 2>/dev/null & done 2>/dev/null; sleep 2; exit 0" }],
      },
    });
    const bomb = await createWorkspace({ input: { templateId, name: "bomb" }, actor });
    await eventually(async () => hostProcessesWithArgument("9.0731").length > 0, { what: "the bomb to go off" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hostProcessesWithArgument("9.0731").length).toBeLessThanOrEqual(32);
    const quick = await seedUserWithTemplate({ spec: { name: "calm", agents: [{ name: "main", scripts: [{ name: "Hi", run: "echo calm" }] }] } });
    const calm = await createWorkspace({ input: { templateId: quick.templateId, name: "calm" }, actor: quick.actor });
    expect((await settled(calm.id, quick.actor)).agents[0]!.lifecycleState).toBe("ready");
    expect((await checkHealth()).database).toBe("ok");
    await settled(bomb.id, actor);
  });

  it("says none with a reason on a host without bwrap, and fails builds when the sandbox is required", async () => {
    const probe = await probeSandbox({ path: "/nonexistent" });
    expect(probe).toEqual({ ok: false, reason: expect.stringContaining("bubblewrap (bwrap) is not installed") });
    const isolation = await resolveIsolation({ setting: "auto", probe: async () => probe });
    expect(isolation).toEqual({ mode: "none", reason: expect.stringContaining("not installed"), required: false });
    setWorkspaceIsolation(isolation);
    expect((await checkHealth()).isolation).toEqual({ mode: "none", reason: isolation.reason });

    const { actor, templateId } = await seedUserWithTemplate({
      spec: { name: "where", build: [{ name: "Where", run: 'echo "dir=$KILN_WORKSPACE_DIR"' }] },
    });
    const unisolated = await settled((await createWorkspace({ input: { templateId, name: "plain" }, actor })).id, actor);
    expect(unisolated.latestBuild.status).toBe("succeeded");
    expect(await jobOutput(unisolated)).toContain(`dir=${workspaceDir(unisolated.id)}`);

    setWorkspaceIsolation(await resolveIsolation({ setting: "required", probe: async () => probe }));
    const refused = await settled((await createWorkspace({ input: { templateId, name: "strict" }, actor })).id, actor);
    expect(refused.latestBuild.status).toBe("failed");
    expect(refused.latestBuild.job.error).toContain("workspace isolation is required");

    setWorkspaceIsolation(undefined);
    expect((await checkHealth()).isolation).toEqual({ mode: "sandbox" });
  });
});
