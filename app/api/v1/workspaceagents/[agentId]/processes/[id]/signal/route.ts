import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentObjectParamsSchema } from "@/lib/workspace-agents/workspace-api-params";
import { signalProcessSchema } from "@/lib/workspace-agents/workspace-api-schemas";

export const dynamic = "force-dynamic";

// POST /api/v1/workspaceagents/:agentId/processes/:id/signal - terminate or kill a process's whole group
export const POST = route({ params: agentObjectParamsSchema, body: signalProcessSchema }, ({ params, body, actor, request }) =>
  relayToAgent({ agentId: params.agentId, actor, request, method: "POST", path: `/processes/${params.id}/signal`, body }),
);
