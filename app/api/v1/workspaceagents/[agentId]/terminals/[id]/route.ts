import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentObjectParamsSchema } from "@/lib/workspace-agents/workspace-api-params";

export const dynamic = "force-dynamic";

// DELETE /api/v1/workspaceagents/:agentId/terminals/:id - close a terminal
export const DELETE = route({ params: agentObjectParamsSchema }, ({ params, actor, request }) =>
  relayToAgent({ agentId: params.agentId, actor, request, method: "DELETE", path: `/terminals/${params.id}` }),
);
