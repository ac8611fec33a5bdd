import http from "node:http";
import type { Duplex } from "node:stream";
import { openTunnel } from "./open-tunnel";

type TunnelTarget = { address: string; tokenHash: string; port: number };

/** Pools kept at once; the least recently used goes beyond that. */
const MAX_POOLS = 500;
/**
 * Tunnels in use at once to one app port. As many may stay open idle: keeping fewer made a busy
 * app's pool close and reopen tunnels (a round trip to the agent and a connect inside the
 * workspace each) whenever the number of requests in flight swung. The app's own keep-alive
 * timeout closes idle ones.
 */
const MAX_TUNNELS = 256;

/**
 * An http.Agent whose connections are tunnels to one port inside a workspace, kept alive between
 * requests: opening a tunnel costs a round-trip to the agent and a connect inside the workspace,
 * which a page's many requests would otherwise pay one by one.
 */
class TunnelAgent extends http.Agent {
  constructor(private readonly target: TunnelTarget) {
    super({ keepAlive: true, maxSockets: MAX_TUNNELS, maxFreeSockets: MAX_TUNNELS });
  }

  // Node's Agent takes a callback-style createConnection for sockets made asynchronously.
  createConnection(_options: unknown, callback: (error: Error | null, socket?: Duplex) => void): undefined {
    openTunnel(this.target).then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error),
    );
    return undefined;
  }
}

/** The pools of kept-alive tunnels, one per agent and port. */
export function createTunnelPools() {
  const pools = new Map<string, TunnelAgent>();
  return {
    for(target: TunnelTarget): http.Agent {
      const key = `${target.address}\n${target.tokenHash}\n${target.port}`;
      let pool = pools.get(key);
      if (pool) pools.delete(key);
      pool ??= new TunnelAgent(target);
      pools.set(key, pool);
      if (pools.size > MAX_POOLS) {
        const [oldest, agent] = pools.entries().next().value!;
        pools.delete(oldest);
        agent.destroy();
      }
      return pool;
    },
    close(): void {
      for (const pool of pools.values()) pool.destroy();
      pools.clear();
    },
  };
}
