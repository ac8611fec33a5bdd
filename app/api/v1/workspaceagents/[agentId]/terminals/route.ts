import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentParamsSchema } from "@/lib/workspace-agents/workspace-api-params";
import { openTerminalSchema } from "@/lib/workspace-agents/workspace-api-schemas";

export const dynamic = "force-dynamic";

// POST /api/v1/workspaceagents/:agentId/terminals - open a terminal (201), or re-attach to it by id (200), with its nextSeq
export const POST = route({ params: agentParamsSchema, body: openTerminalSchema }, ({ params, body, actor, request }) =>
  relayToAgent({ agentId: params.agentId, actor, request, method: "POST", path: "/terminals", body }),
);
