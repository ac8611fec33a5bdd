import { agentRoute, noContent } from "@/lib/agents/agent-route";
import { recordAgentHeartbeat } from "@/lib/agents/record-agent-heartbeat";

// POST /api/v1/agent/heartbeat - the agent is still connected
export const POST = agentRoute({}, async ({ agent }) => {
  await recordAgentHeartbeat({ agent });
  return noContent();
});
