import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { SYSTEM_TOOLS_ENV } from "@/lib/sandbox/host-addresses";
import { agentNetworkNamespace } from "@/lib/workspace-agents/agent-network-namespace";
import { TunnelError } from "./open-tunnel";

// Connections to a port inside a workspace without the agent in between (docs/architecture.md,
// "App connections"): a bridge process of this server, started in the sandbox's network
// namespace (nsenter), connects there and hands the connected socket over its IPC channel. A
// socket belongs to the namespace it was made in, wherever it is used: this process then talks
// to the app directly. Needs CAP_SYS_ADMIN (nsenter); without it, or when the agent runs on
// another host, dial answers null and the caller goes through the agent's tunnel.

/** The bridge program (plain JavaScript, run by node as it is). */
export const BRIDGE_PROGRAM = () => path.join(process.cwd(), "lib/workspace-apps/netns-bridge-program.cjs");
/** A bridge is a small node process: its heap is capped as the agent's is. */
const BRIDGE_NODE_FLAGS = ["--max-semi-space-size=1", "--max-old-space-size=16"];
/** Node's start inside nsenter takes ~100 ms here; beyond this the bridge counts as failed. */
const READY_TIMEOUT_MS = 5000;
/** The bridge gives up a connect after 5 s; this covers its answer too. */
const DIAL_TIMEOUT_MS = 6000;
/** Bridges kept at once (one per workspace with app traffic, ~40 MB each); the least recently used goes beyond. */
const MAX_BRIDGES = 32;
/** After a bridge could not start, its agent is dialled through the tunnel for this long. */
const RETRY_AFTER_MS = 60_000;
/** Agents remembered as failed at most (a server that may not enter namespaces meets every agent there). */
const MAX_FAILED = 1000;
/**
 * A bridge unused this long is ended here, by the server, which knows no dial is waiting on it (the
 * bridge's own, longer limit is for a server that could not). The pooled connections it made stay.
 */
const BRIDGE_IDLE_MS = 60_000;

type Pending = { port: number; resolve(socket: Duplex): void; reject(error: Error): void; timer: NodeJS.Timeout };
type Bridge = { child: ChildProcess; inode: number; ready: Promise<boolean>; pending: Map<number, Pending>; idle?: NodeJS.Timeout };
type BridgeMessage = { type?: unknown; id?: unknown; inode?: unknown; code?: unknown };

export type NetnsDialer = {
  /** A socket connected to 127.0.0.1:port in the agent's network; null when this server cannot make one (use the tunnel). Rejects with TunnelError when nothing listens. */
  dial(target: { agentId: string; port: number }): Promise<Duplex | null>;
  close(): void;
};

const notListening = (port: number) => new TunnelError(`nothing listens on port ${port}`);

/** 127.0.0.1:port of this process's own network: an agent without a sandbox runs there. */
function connectHere(port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(DIAL_TIMEOUT_MS, () => socket.destroy(new TunnelError("the app did not accept the connection in time")));
    socket.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "ECONNREFUSED" ? notListening(port) : new TunnelError(error.message)));
    socket.once("connect", () => {
      socket.setTimeout(0);
      socket.removeAllListeners("error");
      resolve(socket.setNoDelay(true));
    });
  });
}

export function createNetnsDialer({
  locate = agentNetworkNamespace,
  program = BRIDGE_PROGRAM,
  now = () => Date.now(),
}: { locate?: typeof agentNetworkNamespace; program?: () => string; now?: () => number } = {}): NetnsDialer {
  const bridges = new Map<string, Bridge>();
  /** Agents whose bridge failed to start, until when they are not tried again. */
  const failedUntil = new Map<string, number>();
  let nextId = 1;
  let hasWarned = false;
  let isClosed = false;

  function stop(agentId: string, bridge: Bridge): void {
    if (bridges.get(agentId) === bridge) bridges.delete(agentId);
    clearTimeout(bridge.idle);
    bridge.child.kill("SIGKILL");
    for (const [id, pending] of bridge.pending) {
      clearTimeout(pending.timer);
      pending.reject(new TunnelError("the workspace's network bridge ended"));
      bridge.pending.delete(id);
    }
  }

  function start(agentId: string, netnsPath: string, inode: number): Bridge {
    const child = spawn("nsenter", [`--net=${netnsPath}`, "--", process.execPath, ...BRIDGE_NODE_FLAGS, program()], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      env: SYSTEM_TOOLS_ENV,
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-500)));
    const bridge: Bridge = { child, inode, pending: new Map(), ready: Promise.resolve(false) };
    bridge.ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      child.on("message", (message: BridgeMessage, handle: unknown) => {
        if (message?.type === "ready") {
          clearTimeout(timer);
          // The namespace it entered is the one asked for (not that of a pid reused meanwhile).
          if (message.inode !== inode) stderr = "it entered another network namespace than the agent's";
          return resolve(message.inode === inode);
        }
        const pending = typeof message?.id === "number" ? bridge.pending.get(message.id) : undefined;
        if (!pending) return void (handle instanceof net.Socket && handle.destroy());
        bridge.pending.delete(message.id as number);
        clearTimeout(pending.timer);
        if (message.type === "connected" && handle instanceof net.Socket) return pending.resolve(handle.setNoDelay(true));
        pending.reject(message.code === "ECONNREFUSED" ? notListening(pending.port) : new TunnelError(`the app could not be reached (${String(message.code) || "error"})`));
      });
      const gone = () => {
        clearTimeout(timer);
        resolve(false);
        stop(agentId, bridge);
      };
      child.once("error", gone);
      child.once("exit", gone);
    }).then((isReady) => {
      if (!isReady && !isClosed) {
        if (!hasWarned) console.warn(`app proxy: cannot bridge into a workspace's network (${stderr.trim() || "the bridge did not start"}); app traffic goes through the agent`);
        hasWarned = true;
        failedUntil.delete(agentId);
        failedUntil.set(agentId, now() + RETRY_AFTER_MS);
        if (failedUntil.size > MAX_FAILED) failedUntil.delete(failedUntil.keys().next().value!);
        stop(agentId, bridge);
      }
      return isReady;
    });
    child.unref();
    child.channel?.unref();
    return bridge;
  }

  function request(bridge: Bridge, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        bridge.pending.delete(id);
        reject(new TunnelError("the app did not accept the connection in time"));
      }, DIAL_TIMEOUT_MS);
      bridge.pending.set(id, { port, resolve, reject, timer });
      bridge.child.send({ id, port }, (error) => error && bridge.pending.get(id)?.reject(new TunnelError("the workspace's network bridge ended")));
    });
  }

  return {
    async dial({ agentId, port }) {
      const network = isClosed ? null : await locate({ agentId });
      if (network === null || isClosed) return null;
      if (network.kind === "host") return connectHere(port);
      let bridge = bridges.get(agentId);
      // A bridge in the namespace of an earlier run of this agent is of no use.
      if (bridge && bridge.inode !== network.inode) stop(agentId, bridge);
      bridge = bridges.get(agentId);
      if (!bridge) {
        if ((failedUntil.get(agentId) ?? 0) > now()) return null;
        failedUntil.delete(agentId);
        bridge = start(agentId, network.path, network.inode);
      }
      bridges.delete(agentId);
      bridges.set(agentId, bridge);
      clearTimeout(bridge.idle);
      const used = bridge;
      bridge.idle = setTimeout(() => stop(agentId, used), BRIDGE_IDLE_MS).unref();
      if (bridges.size > MAX_BRIDGES) {
        const [oldestId, oldest] = bridges.entries().next().value!;
        stop(oldestId, oldest);
      }
      if (!(await bridge.ready)) return null;
      return request(bridge, port);
    },
    close() {
      isClosed = true;
      for (const [agentId, bridge] of [...bridges]) stop(agentId, bridge);
    },
  };
}
