import { agentRoute, noContent } from "@/lib/agents/agent-route";
import { disconnectAgent } from "@/lib/agents/disconnect-agent";

// POST /api/v1/agent/disconnect - the agent is going away
export const POST = agentRoute({}, async ({ agent }) => {
  await disconnectAgent({ agent });
  return noContent();
});
