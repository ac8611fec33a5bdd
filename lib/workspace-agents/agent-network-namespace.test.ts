import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setConfig } from "@/lib/config";
import { agentNetworkNamespace } from "./agent-network-namespace";

// The sandboxed case (bwrap's child, its own namespace) is in lib/workspace-apps/app-proxy.int.test.ts.

const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-agent-netns-"));
const running: ChildProcess[] = [];

beforeAll(() => {
  setConfig({ dataDir });
  mkdirSync(path.join(dataDir, "agents"), { recursive: true });
});
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGKILL");
});

/** A process carrying an agent's marker, recorded in that agent's pid file as the provisioner does. */
async function fakeAgent(agentId: string, file: string, args: string[]): Promise<void> {
  const child = spawn(file, [...args, `--kiln-agent-id=${agentId}`], { stdio: "ignore" });
  running.push(child);
  await new Promise((resolve) => child.once("spawn", resolve));
  writeFileSync(path.join(dataDir, "agents", `${agentId}.pid`), `${child.pid}\n`);
  // Still running when looked at (node would exit at once on an option it does not know: hence "--").
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(child.exitCode).toBeNull();
}

describe("agentNetworkNamespace", () => {
  it("finds an agent without a sandbox in this host's network", async () => {
    await fakeAgent("agent-a", process.execPath, ["-e", "setTimeout(() => {}, 60_000)", "--"]);
    expect(await agentNetworkNamespace({ agentId: "agent-a" })).toEqual({ kind: "host" });
  });

  it("takes nothing else for an agent: a sandbox's launcher not yet bwrap, a pid file of another agent, no pid file", async () => {
    // Two commands: the shell stays (a last lone command it would exec, and the marker would go with it).
    await fakeAgent("agent-b", "/bin/sh", ["-c", "sleep 60; true", "sh"]);
    expect(readFileSync(`/proc/${running.at(-1)!.pid}/cmdline`, "utf8")).toContain("--kiln-agent-id=agent-b");
    expect(await agentNetworkNamespace({ agentId: "agent-b" })).toBeNull();
    await fakeAgent("agent-c", process.execPath, ["-e", "setTimeout(() => {}, 60_000)", "--"]);
    writeFileSync(path.join(dataDir, "agents", "agent-d.pid"), `${running.at(-1)!.pid}\n`);
    expect(await agentNetworkNamespace({ agentId: "agent-d" })).toBeNull();
    expect(await agentNetworkNamespace({ agentId: "agent-e" })).toBeNull();
  });
});
