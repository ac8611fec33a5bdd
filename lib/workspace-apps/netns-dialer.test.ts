import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentNetwork } from "@/lib/workspace-agents/agent-network-namespace";
import { BRIDGE_PROGRAM, createNetnsDialer } from "./netns-dialer";
import { TunnelError } from "./open-tunnel";
import { mayEnterNamespaces } from "@/lib/sandbox/may-enter-namespaces";

// The bridge enters a network namespace (nsenter): root, as CI is. Here it enters this process's
// own namespace, so an app of this test is what it connects to.
const canEnter = await mayEnterNamespaces();

const ownInode = statSync("/proc/self/ns/net").ino;
const ownNamespace: AgentNetwork = { kind: "namespace", inode: ownInode, holder: process.pid, open: () => open("/proc/self/ns/net", "r") };

let app: http.Server;
let appPort: number;
let freePort: number;

beforeAll(async () => {
  app = http.createServer((request, response) => response.end(`hello ${request.url}`));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appPort = (app.address() as AddressInfo).port;
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  freePort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(() => new Promise((resolve) => app.close(resolve)));

/** One request over a raw connection, the answer's body. */
function ask(socket: Duplex, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
    socket.on("end", () => resolve(text.slice(text.indexOf("\r\n\r\n") + 4)));
    socket.on("error", reject);
    socket.write(`GET ${path} HTTP/1.1\r\nhost: app\r\nconnection: close\r\n\r\n`);
  });
}

describe.skipIf(!canEnter)("createNetnsDialer", () => {
  it("hands over a socket connected inside the namespace, through one bridge per agent", async () => {
    let started = 0;
    const dialer = createNetnsDialer({ locate: async () => ownNamespace, program: () => (started++, BRIDGE_PROGRAM()) });
    try {
      const [first, second] = await Promise.all([dialer.dial({ agentId: "a", port: appPort }), dialer.dial({ agentId: "a", port: appPort })]);
      expect(first).toBeInstanceOf(net.Socket);
      expect(await ask(first!, "/one")).toBe("hello /one");
      expect(await ask(second!, "/two")).toBe("hello /two");
      expect(await ask((await dialer.dial({ agentId: "a", port: appPort }))!, "/three")).toBe("hello /three");
      expect(started).toBe(1);
      await dialer.dial({ agentId: "b", port: appPort }).then((socket) => socket?.destroy());
      expect(started).toBe(2);
    } finally {
      dialer.close();
    }
  });

  it("rejects with TunnelError when nothing listens on the port", async () => {
    const dialer = createNetnsDialer({ locate: async () => ownNamespace });
    try {
      await expect(dialer.dial({ agentId: "a", port: freePort })).rejects.toThrow(new TunnelError(`nothing listens on port ${freePort}`));
    } finally {
      dialer.close();
    }
  });

  it("answers null (use the tunnel) when the bridge lands in another namespace than asked, and retries only a minute later", async () => {
    let now = 1_000_000;
    let inode = ownInode + 1;
    // The handle opened is this process's namespace: not the inode located.
    const dialer = createNetnsDialer({ locate: async () => ({ ...ownNamespace, inode }), now: () => now });
    try {
      expect(await dialer.dial({ agentId: "a", port: appPort })).toBeNull();
      inode = ownInode;
      expect(await dialer.dial({ agentId: "a", port: appPort })).toBeNull();
      now += 60_001;
      expect(await ask((await dialer.dial({ agentId: "a", port: appPort }))!, "/back")).toBe("hello /back");
    } finally {
      dialer.close();
    }
  });

  it("starts a new bridge when the agent's sandbox was replaced, and none while the agent is gone", async () => {
    let started = 0;
    // The sandbox's process the namespace is found through: while it lives, a ready bridge is trusted.
    const holder = () => spawn("sleep", ["60"], { stdio: "ignore" });
    let sandbox = holder();
    let network: AgentNetwork | null = { ...ownNamespace, holder: sandbox.pid! };
    const dialer = createNetnsDialer({ locate: async () => network, program: () => (started++, BRIDGE_PROGRAM()) });
    try {
      await dialer.dial({ agentId: "a", port: appPort }).then((socket) => socket?.destroy());
      await dialer.dial({ agentId: "a", port: appPort }).then((socket) => socket?.destroy());
      expect(started).toBe(1);
      sandbox.kill("SIGKILL");
      await new Promise((resolve) => sandbox.once("exit", resolve));
      network = null;
      expect(await dialer.dial({ agentId: "a", port: appPort })).toBeNull();
      sandbox = holder();
      network = { ...ownNamespace, holder: sandbox.pid! };
      expect(await ask((await dialer.dial({ agentId: "a", port: appPort }))!, "/again")).toBe("hello /again");
      expect(started).toBe(2);
    } finally {
      sandbox.kill("SIGKILL");
      dialer.close();
    }
  });

  it("starts no bridge where this process may not enter namespaces (not root): null, the tunnel serves", async () => {
    let started = 0;
    const dialer = createNetnsDialer({ locate: async () => ownNamespace, program: () => (started++, BRIDGE_PROGRAM()), mayEnter: async () => false });
    expect(await dialer.dial({ agentId: "a", port: appPort })).toBeNull();
    expect(await dialer.dial({ agentId: "b", port: appPort })).toBeNull();
    expect(started).toBe(0);
  });

  it("answers null for an agent not running here, and connects itself to one in this network", async () => {
    const dialer = createNetnsDialer({ locate: async ({ agentId }) => (agentId === "here" ? { kind: "host" } : null) });
    expect(await dialer.dial({ agentId: "elsewhere", port: appPort })).toBeNull();
    expect(await ask((await dialer.dial({ agentId: "here", port: appPort }))!, "/here")).toBe("hello /here");
    await expect(dialer.dial({ agentId: "here", port: freePort })).rejects.toThrow(new TunnelError(`nothing listens on port ${freePort}`));
  });

  it("ends its bridges on close: a dial waiting for one is answered (the tunnel is the way), not left waiting", async () => {
    const dialer = createNetnsDialer({ locate: async () => ownNamespace });
    const waiting = dialer.dial({ agentId: "a", port: appPort });
    await new Promise((resolve) => setTimeout(resolve, 10));
    dialer.close();
    expect(await waiting).toBeNull();
    expect(await dialer.dial({ agentId: "a", port: appPort })).toBeNull();
  });
});

describe("the bridge program", () => {
  const startBridge = (env: Record<string, string> = {}) =>
    spawn(process.execPath, [BRIDGE_PROGRAM()], { stdio: ["ignore", "ignore", "inherit", "ipc"], env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } as unknown as NodeJS.ProcessEnv });
  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  it("exits when its server goes (the channel closes), so none is left behind", async () => {
    const child = startBridge();
    await new Promise((resolve) => child.once("message", resolve));
    child.disconnect();
    expect(await exited(child)).toBe(0);
  });

  it("exits after a while without requests, and ignores malformed ones", async () => {
    const child = startBridge({ KILN_BRIDGE_IDLE_MS: "300" });
    const messages: unknown[] = [];
    child.on("message", (message) => messages.push(message));
    await new Promise((resolve) => child.once("message", resolve));
    for (const bad of [false, "x", { id: 1, port: 0 }, { id: 1.5, port: appPort }, { id: 2, port: 70_000 }, { id: 3, port: "80" }]) child.send(bad);
    expect(await exited(child)).toBe(0);
    expect(messages).toEqual([{ type: "ready", inode: ownInode }]);
  });
});
