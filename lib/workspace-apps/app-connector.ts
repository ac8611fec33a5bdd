import type { Duplex } from "node:stream";
import type { NetnsDialer } from "./netns-dialer";
import { openTunnel } from "./open-tunnel";

/** A port inside an agent's workspace, and the agent's own listener as the way there if no shorter one exists. */
export type AppConnectionTarget = { agentId: string; address: string; tokenHash: string; port: number };

/**
 * Opens a connection to a port inside a workspace: straight into the workspace's network when
 * this server can (NetnsDialer), else through the agent's tunnel. Both reject with TunnelError
 * when the app cannot be reached.
 */
/** Opens a connection to a port inside a workspace (createAppConnector; tests give a plain socket). */
export type AppConnector = (target: AppConnectionTarget) => Promise<Duplex>;

export function createAppConnector({ dialer }: { dialer: NetnsDialer }): AppConnector {
  return async (target) => (await dialer.dial({ agentId: target.agentId, port: target.port })) ?? openTunnel(target);
}
