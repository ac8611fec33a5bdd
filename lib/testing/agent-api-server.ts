import { agentApiHandlers } from "@/lib/workspace-agents/agent-api-handlers";
import { startRouteServer } from "./route-server";

/**
 * The agent API served over real HTTP on 127.0.0.1, for tests that run real agent processes
 * without a Next.js server. Same handlers as the app's routes.
 */
export function startAgentApiServer() {
  return startRouteServer(agentApiHandlers);
}
