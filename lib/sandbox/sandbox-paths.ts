import path from "node:path";
import { config } from "@/lib/config";

/** Where an agent's channel folder (its API relay socket and its own listener) appears inside the sandbox. */
export const CHANNEL_INSIDE = "/run/kiln";
/** Where the bundled agent program appears inside the sandbox (read-only). */
export const AGENT_PROGRAM_INSIDE = "/opt/kiln/agent.mjs";
/** The workspace cgroup's memory counter file (oom_kill N), read-only, so the agent can say a script was killed for memory. */
export const MEMORY_EVENTS_INSIDE = "/run/kiln-memory-events";

/**
 * node_modules beside the agent program inside the sandbox: the native packages the bundle leaves
 * out (node-pty) are bound read-only here, where Node's resolution from the program finds them.
 */
export const AGENT_MODULES_INSIDE = "/opt/kiln/node_modules";
/** The relay to the Kiln agent API, in the channel folder. */
export const API_SOCKET_NAME = "api.sock";
/** The agent's own listener, in the channel folder. */
export const AGENT_SOCKET_NAME = "agent.sock";

/** Unix socket paths are cut at 107 bytes by the kernel: a longer one must fail clearly, not bind elsewhere. */
export const MAX_SOCKET_PATH = 107;

/** A workspace's sandbox files that are not its home: generated /etc files. Removed with the workspace. */
export function sandboxDir(workspaceId: string): string {
  return path.join(config().dataDir, "sandboxes", workspaceId);
}

/**
 * An agent's channel folder on the host: outside the workspace home (the workspace cannot plant
 * files there that the host trusts) and short, because socket paths are limited.
 */
export function agentChannelDir(agentId: string): string {
  return path.join(config().dataDir, "ch", agentId);
}

/** The workspace home inside the sandbox. Usernames are letters, digits and hyphens (usernameSchema). */
export function homeInside(ownerName: string): string {
  return `/home/${/^[A-Za-z0-9-]{1,32}$/.test(ownerName) ? ownerName : "user"}`;
}
