import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentObjectParamsSchema } from "@/lib/workspace-agents/workspace-api-params";
import { terminalInputSchema } from "@/lib/workspace-agents/workspace-api-schemas";

export const dynamic = "force-dynamic";

// POST /api/v1/workspaceagents/:agentId/terminals/:id/input - keystrokes, applied once each in seq order
export const POST = route({ params: agentObjectParamsSchema, body: terminalInputSchema }, ({ params, body, actor, request }) =>
  relayToAgent({ agentId: params.agentId, actor, request, method: "POST", path: `/terminals/${params.id}/input`, body, isReplayable: true }),
);
