import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentObjectParamsSchema } from "@/lib/workspace-agents/workspace-api-params";
import { processOutputQuerySchema } from "@/lib/workspace-agents/workspace-api-schemas";

export const dynamic = "force-dynamic";

// GET /api/v1/workspaceagents/:agentId/processes/:id/output[?wait=1&timeoutMs=N] - a process's output so far, or once it ends
export const GET = route({ params: agentObjectParamsSchema, query: processOutputQuerySchema }, ({ params, query, actor, request }) =>
  relayToAgent({
    agentId: params.agentId,
    actor,
    request,
    method: "GET",
    path: `/processes/${params.id}/output`,
    query: { wait: query.wait, timeoutMs: query.timeoutMs?.toString() },
  }),
);
