import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { SYSTEM_TOOLS_ENV } from "@/lib/sandbox/host-addresses";
import { mayEnterNamespaces } from "@/lib/sandbox/may-enter-namespaces";
import { agentNetworkNamespace, netnsInodeOf, type AgentNetwork } from "@/lib/workspace-agents/agent-network-namespace";
import { nothingListens, TunnelError } from "./open-tunnel";

// Connections to a port inside a workspace without the agent in between (docs/architecture.md,
// "App connections"): a bridge process of this server, started in the sandbox's network
// namespace (nsenter), connects there and hands the connected socket over its IPC channel. A
// socket belongs to the namespace it was made in, wherever it is used: this process then talks
// to the app directly. Needs CAP_SYS_ADMIN (nsenter; tried once per dialer); without it, or when
// the agent runs on another host, dial answers null and the caller goes through the agent's tunnel.

/** The bridge program (plain JavaScript, run by node as it is). */
export const BRIDGE_PROGRAM = () => path.join(process.cwd(), "lib/workspace-apps/netns-bridge-program.cjs");
/** A bridge is a small node process: its heap is capped as the agent's is. */
const BRIDGE_NODE_FLAGS = ["--max-semi-space-size=1", "--max-old-space-size=16"];
/** Node's start inside nsenter takes ~100 ms here; beyond this the bridge counts as failed. */
const READY_TIMEOUT_MS = 5000;
/** The bridge gives up a connect after 5 s; this covers its answer too. */
const DIAL_TIMEOUT_MS = 6000;
/** Bridges kept at once (one per workspace with app traffic, ~40 MB each); full, the least recently used idle one goes, and with none idle the tunnel serves. */
const MAX_BRIDGES = 32;
/** After a bridge could not start, its agent is dialled through the tunnel for this long. */
const RETRY_AFTER_MS = 60_000;
/** Agents remembered as failed at most. */
const MAX_FAILED = 1000;
/**
 * A bridge unused this long is ended here, by the server, which knows no dial is waiting on it (the
 * bridge's own, longer limit is for a server that could not). The pooled connections it made stay.
 */
const BRIDGE_IDLE_MS = 60_000;

type Pending = { port: number; resolve(socket: Duplex): void; reject(error: Error): void; timer: NodeJS.Timeout };
type Bridge = {
  child: ChildProcess | null;
  inode: number;
  /** The sandbox's process the namespace was found through: while it has that namespace, the bridge's is the agent's. */
  holder: number;
  /** Settles once it is ready (true) or not (false). */
  ready: Promise<boolean>;
  /** `stopped`: ended here (idle, evicted, another namespace, close, or failed to start). */
  state: "starting" | "ready" | "stopped";
  pending: Map<number, Pending>;
  idle?: NodeJS.Timeout;
};
type BridgeMessage = { type?: unknown; id?: unknown; inode?: unknown; code?: unknown };
type Namespace = Extract<AgentNetwork, { kind: "namespace" }>;

export type NetnsDialer = {
  /** A socket connected to 127.0.0.1:port in the agent's network; null when this server cannot make one (use the tunnel). Rejects with TunnelError when nothing listens. */
  dial(target: { agentId: string; port: number }): Promise<Duplex | null>;
  close(): void;
};

const bridgeEnded = () => new TunnelError("the workspace's network bridge ended");

/** 127.0.0.1:port of this process's own network: an agent without a sandbox runs there. */
function connectHere(port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(DIAL_TIMEOUT_MS, () => socket.destroy(new TunnelError("the app did not accept the connection in time")));
    socket.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "ECONNREFUSED" ? nothingListens(port) : new TunnelError(error.message)));
    socket.once("connect", () => {
      socket.setTimeout(0);
      socket.removeAllListeners("error");
      resolve(socket.setNoDelay(true));
    });
  });
}

/** Waits for the bridge's first message: whether it entered the namespace of `inode`, or why not. */
function readiness(child: ChildProcess, inode: number): Promise<string | null> {
  return new Promise((resolve) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-500)));
    const timer = setTimeout(() => resolve("it did not start in time"), READY_TIMEOUT_MS);
    const gone = () => {
      clearTimeout(timer);
      resolve(stderr.trim() || "it did not start");
    };
    child.once("error", gone).once("exit", gone);
    child.once("message", (message: BridgeMessage) => {
      clearTimeout(timer);
      // The namespace it entered is the one asked for (checked when its handle was opened, and here).
      resolve(message?.type === "ready" && message.inode === inode ? null : "it entered another network namespace than the agent's");
    });
  });
}

export function createNetnsDialer({
  locate = agentNetworkNamespace,
  program = BRIDGE_PROGRAM,
  now = () => Date.now(),
  mayEnter = mayEnterNamespaces,
}: { locate?: typeof agentNetworkNamespace; program?: () => string; now?: () => number; mayEnter?: () => Promise<boolean> } = {}): NetnsDialer {
  const bridges = new Map<string, Bridge>();
  /** Agents whose bridge failed to start, until when they are not tried again. */
  const failedUntil = new Map<string, number>();
  let nextId = 1;
  let hasWarned = false;
  let isClosed = false;
  /** Whether this process may enter namespaces at all: asked once, when first needed. */
  let mayEnterHere: Promise<boolean> | undefined;

  function stop(agentId: string, bridge: Bridge): void {
    if (bridges.get(agentId) === bridge) bridges.delete(agentId);
    bridge.state = "stopped";
    clearTimeout(bridge.idle);
    bridge.child?.kill("SIGKILL");
    for (const [id, pending] of bridge.pending) {
      clearTimeout(pending.timer);
      bridge.pending.delete(id);
      pending.reject(bridgeEnded());
    }
  }

  function warnOnce(reason: string): void {
    if (!hasWarned) console.warn(`app proxy: cannot bridge into a workspace's network (${reason}); app traffic goes through the agent`);
    hasWarned = true;
  }

  function failed(agentId: string, reason: string): void {
    warnOnce(reason);
    failedUntil.delete(agentId);
    failedUntil.set(agentId, now() + RETRY_AFTER_MS);
    if (failedUntil.size > MAX_FAILED) failedUntil.delete(failedUntil.keys().next().value!);
  }

  function onMessage(bridge: Bridge, message: BridgeMessage, handle: unknown): void {
    const pending = typeof message?.id === "number" ? bridge.pending.get(message.id) : undefined;
    if (!pending) return void (handle instanceof net.Socket && handle.destroy());
    bridge.pending.delete(message.id as number);
    clearTimeout(pending.timer);
    if (message.type === "connected" && handle instanceof net.Socket) return pending.resolve(handle.setNoDelay(true));
    if (message.code === "ECONNREFUSED") return pending.reject(nothingListens(pending.port));
    pending.reject(new TunnelError(message.type === "connected" ? "the bridge sent no connection" : `the app could not be reached (${typeof message.code === "string" && message.code ? message.code : "error"})`));
  }

  /** Starts a bridge in the namespace; it counts as ready once it said it is in that one. */
  function start(agentId: string, namespace: Namespace): Bridge {
    const bridge: Bridge = { child: null, inode: namespace.inode, holder: namespace.holder, ready: Promise.resolve(false), state: "starting", pending: new Map() };
    bridge.ready = (async () => {
      const handle = await namespace.open();
      if (!handle) return "the agent's sandbox changed meanwhile";
      if (bridge.state === "stopped") {
        await handle.close();
        return "stopped";
      }
      let child: ChildProcess;
      try {
        // The namespace goes as the open descriptor checked above (fd 4), not as a path a reused pid could change.
        child = spawn("nsenter", ["--net=/proc/self/fd/4", "--", process.execPath, ...BRIDGE_NODE_FLAGS, program()], {
          stdio: ["ignore", "ignore", "pipe", "ipc", handle.fd],
          env: SYSTEM_TOOLS_ENV,
        });
      } finally {
        await handle.close();
      }
      bridge.child = child;
      // Stopped while the handle was being closed.
      if ((bridge.state as Bridge["state"]) === "stopped") child.kill("SIGKILL");
      child.unref();
      child.channel?.unref();
      (child.stderr as net.Socket | null)?.unref();
      const problem = await readiness(child, namespace.inode);
      child.on("message", (message: BridgeMessage, sent: unknown) => onMessage(bridge, message, sent));
      child.once("exit", () => stop(agentId, bridge));
      return problem;
    })()
      .catch((error: unknown) => `it could not be started (${error instanceof Error ? error.message : String(error)})`)
      .then((problem) => {
        if ((bridge.state as Bridge["state"]) === "stopped") return false;
        if (problem === null) return (bridge.state = "ready") === "ready";
        if (!isClosed) failed(agentId, problem);
        stop(agentId, bridge);
        return false;
      });
    return bridge;
  }

  function request(bridge: Bridge, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const settle = (error: Error) => {
        const pending = bridge.pending.get(id);
        if (!pending) return;
        bridge.pending.delete(id);
        clearTimeout(pending.timer);
        reject(error);
      };
      const timer = setTimeout(() => settle(new TunnelError("the app did not accept the connection in time")), DIAL_TIMEOUT_MS);
      bridge.pending.set(id, { port, resolve, reject, timer });
      bridge.child!.send({ id, port }, (error) => error && settle(bridgeEnded()));
    });
  }

  /** Room for one more bridge: the least recently used one that is up and idle goes; none → false. */
  function makeRoom(): boolean {
    if (bridges.size < MAX_BRIDGES) return true;
    for (const [agentId, bridge] of bridges) {
      if (bridge.state === "ready" && bridge.pending.size === 0) {
        stop(agentId, bridge);
        return true;
      }
    }
    return false;
  }

  /** Keeps `bridge` as the agent's, the most recently used, with its idle limit from now. */
  function touch(agentId: string, bridge: Bridge): void {
    bridges.delete(agentId);
    bridges.set(agentId, bridge);
    clearTimeout(bridge.idle);
    bridge.idle = setTimeout(() => stop(agentId, bridge), BRIDGE_IDLE_MS).unref();
  }

  /** The agent's bridge into `network` (the caller ended one into another): its own, a new one, or null (none may be made now). */
  async function bridgeFor(agentId: string, network: Namespace): Promise<Bridge | null> {
    mayEnterHere ??= mayEnter();
    if (!(await mayEnterHere)) {
      warnOnce("nsenter is missing or not allowed: not root");
      return null;
    }
    const existing = bridges.get(agentId);
    if (existing || isClosed) return existing?.inode === network.inode ? existing : null;
    if ((failedUntil.get(agentId) ?? 0) > now() || !makeRoom()) return null;
    failedUntil.delete(agentId);
    // Kept at once: a dial arriving meanwhile shares it.
    const bridge = start(agentId, network);
    bridges.set(agentId, bridge);
    return bridge;
  }

  return {
    async dial({ agentId, port }) {
      if (isClosed) return null;
      // A ready bridge needs only its sandbox alive with the same namespace: one stat, not the whole lookup.
      const ready = bridges.get(agentId);
      if (ready?.state === "ready" && (await netnsInodeOf(ready.holder)) === ready.inode && ready.state === "ready") {
        touch(agentId, ready);
        return request(ready, port);
      }
      const network = await locate({ agentId });
      const existing = bridges.get(agentId);
      // A bridge into the namespace of an agent gone, or of an earlier run of it, is of no use.
      if (existing && (network?.kind !== "namespace" || existing.inode !== network.inode)) stop(agentId, existing);
      if (network === null || isClosed) return null;
      if (network.kind === "host") return connectHere(port);
      const bridge = await bridgeFor(agentId, network);
      if (!bridge) return null;
      touch(agentId, bridge);
      if (!(await bridge.ready) || bridge.state !== "ready") return null;
      return request(bridge, port);
    },
    close() {
      isClosed = true;
      for (const [agentId, bridge] of [...bridges]) stop(agentId, bridge);
    },
  };
}
