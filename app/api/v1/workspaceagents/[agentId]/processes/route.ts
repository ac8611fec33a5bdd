import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentParamsSchema } from "@/lib/workspace-agents/workspace-api-params";
import { startProcessSchema } from "@/lib/workspace-agents/workspace-api-schemas";

export const dynamic = "force-dynamic";

// POST /api/v1/workspaceagents/:agentId/processes - run a command in the workspace (201 started, 200 re-attached by id)
export const POST = route({ params: agentParamsSchema, body: startProcessSchema }, ({ params, body, actor, request }) =>
  relayToAgent({ agentId: params.agentId, actor, request, method: "POST", path: "/processes", body }),
);

// GET /api/v1/workspaceagents/:agentId/processes - the agent's processes
export const GET = route({ params: agentParamsSchema }, ({ params, actor, request }) =>
  relayToAgent({ agentId: params.agentId, actor, request, method: "GET", path: "/processes" }),
);
