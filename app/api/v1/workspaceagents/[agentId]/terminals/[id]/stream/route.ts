import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentObjectParamsSchema, terminalStreamQuerySchema } from "@/lib/workspace-agents/workspace-api-params";

export const dynamic = "force-dynamic";

// GET /api/v1/workspaceagents/:agentId/terminals/:id/stream - the terminal's output as SSE, resumed from Last-Event-ID or ?lastEventId
export const GET = route({ params: agentObjectParamsSchema, query: terminalStreamQuerySchema }, ({ params, query, actor, request }) =>
  relayToAgent({
    agentId: params.agentId,
    actor,
    request,
    method: "GET",
    path: `/terminals/${params.id}/stream`,
    query: { lastEventId: query.lastEventId },
  }),
);
