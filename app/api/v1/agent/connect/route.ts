import { agentRoute, noContent } from "@/lib/agents/agent-route";
import { connectAgent } from "@/lib/agents/connect-agent";
import { connectAgentSchema } from "@/lib/agents/schemas";

// POST /api/v1/agent/connect - the agent is up and listening at {address}
export const POST = agentRoute({ body: connectAgentSchema }, async ({ agent, body }) => {
  await connectAgent({ agent, address: body.address });
  return noContent();
});
