import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentObjectParamsSchema } from "@/lib/workspace-agents/workspace-api-params";
import { resizeTerminalSchema } from "@/lib/workspace-agents/workspace-api-schemas";

export const dynamic = "force-dynamic";

// POST /api/v1/workspaceagents/:agentId/terminals/:id/resize - the terminal's size in cells
export const POST = route({ params: agentObjectParamsSchema, body: resizeTerminalSchema }, ({ params, body, actor, request }) =>
  relayToAgent({ agentId: params.agentId, actor, request, method: "POST", path: `/terminals/${params.id}/resize`, body, isReplayable: true }),
);
