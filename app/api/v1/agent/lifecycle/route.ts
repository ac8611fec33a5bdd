import { agentRoute } from "@/lib/agents/agent-route";
import { agentLifecycleReportSchema } from "@/lib/agents/schemas";
import { updateAgentLifecycle } from "@/lib/agents/update-agent-lifecycle";
import { json } from "@/lib/api/route";

// POST /api/v1/agent/lifecycle - the agent's lifecycle state and its startup scripts' statuses
export const POST = agentRoute({ body: agentLifecycleReportSchema }, async ({ agent, body }) =>
  json(await updateAgentLifecycle({ agent, report: body })),
);
