import type { Duplex } from "node:stream";
import type { AppConnectionTarget, AppConnector } from "./app-connector";

/** Pools kept at once; the least recently used goes beyond that. */
const MAX_POOLS = 500;
/**
 * Idle tunnels kept per app port. As many as a busy app has in use at once: keeping fewer made a
 * busy app's pool close and reopen tunnels (a round trip to the agent and a connect inside the
 * workspace each) whenever the number of requests in flight swung. The app's own keep-alive
 * timeout closes idle ones.
 */
const MAX_IDLE_TUNNELS = 256;

/** What a request using a tunnel hears from it: its bytes, and its end (with the error, if any). */
export type TunnelHandlers = { data(chunk: Buffer): void; close(error: Error | undefined): void };

/** A tunnel lent to one request at a time; `release` gives it back for the next, `destroy` ends it. */
export type PooledTunnel = {
  socket: Duplex;
  /** Whether it carried a request before (its app may have closed it just now: a request without a body may go again). */
  isReused: boolean;
  listen(handlers: TunnelHandlers): void;
  release(): void;
  destroy(): void;
};

/**
 * Tunnels to one port inside a workspace kept open between requests, as HTTP keep-alive
 * connections are: opening one costs a round-trip to the agent and a connect inside the workspace,
 * which a page's many requests would otherwise pay one by one. Each tunnel's listeners are set
 * once, not per request; an idle tunnel that speaks or closes is dropped.
 */
function createPool(target: AppConnectionTarget, open: AppConnector) {
  const idle: PooledTunnel[] = [];
  let isClosed = false;

  function wrap(socket: Duplex): PooledTunnel {
    let handlers: TunnelHandlers | null = null;
    let error: Error | undefined;
    const tunnel: PooledTunnel = {
      socket,
      isReused: false,
      listen: (next) => void (handlers = next),
      release() {
        handlers = null;
        if (isClosed || socket.destroyed || idle.length >= MAX_IDLE_TUNNELS) return socket.destroy();
        tunnel.isReused = true;
        // Paused when its last visitor read slowly: an idle tunnel must still hear its app close it.
        socket.resume();
        idle.push(tunnel);
      },
      destroy: () => void socket.destroy(),
    };
    // An idle tunnel has nothing to say: bytes on it mean the app is out of step, so it goes.
    socket.on("data", (chunk: Buffer) => (handlers ? handlers.data(chunk) : socket.destroy()));
    socket.on("error", (cause: Error) => (error = cause));
    socket.on("close", () => {
      const index = idle.indexOf(tunnel);
      if (index !== -1) idle.splice(index, 1);
      handlers?.close(error);
      handlers = null;
    });
    return tunnel;
  }

  return {
    async take(): Promise<PooledTunnel> {
      // The most recently used first: the ones behind it may then reach the app's idle timeout and go.
      const reused = idle.pop();
      if (reused) return reused;
      return wrap(await open(target));
    },
    close(): void {
      isClosed = true;
      for (const tunnel of idle.splice(0)) tunnel.destroy();
    },
  };
}

/** The pools of kept-alive tunnels, one per agent and port; `open` makes a new one (createAppConnector; tests give a plain socket). */
export function createTunnelPools({ open }: { open: AppConnector }) {
  const pools = new Map<string, ReturnType<typeof createPool>>();
  return {
    /** An idle tunnel to `target`, or a new one (rejects with TunnelError when it cannot be opened). */
    take(target: AppConnectionTarget): Promise<PooledTunnel> {
      const key = `${target.agentId}\n${target.address}\n${target.tokenHash}\n${target.port}`;
      let pool = pools.get(key);
      if (pool) pools.delete(key);
      pool ??= createPool(target, open);
      pools.set(key, pool);
      if (pools.size > MAX_POOLS) {
        const [oldest, evicted] = pools.entries().next().value!;
        pools.delete(oldest);
        evicted.close();
      }
      return pool.take();
    },
    close(): void {
      for (const pool of pools.values()) pool.close();
      pools.clear();
    },
  };
}
