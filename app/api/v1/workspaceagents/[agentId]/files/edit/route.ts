import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentParamsSchema } from "@/lib/workspace-agents/workspace-api-params";
import { editFileSchema, MAX_FILE_REQUEST_BYTES } from "@/lib/workspace-agents/workspace-api-schemas";

export const dynamic = "force-dynamic";

// POST /api/v1/workspaceagents/:agentId/files/edit - exact-text edits, all or nothing, answered with a diff
// Its texts may be as long as a file: the body limit fits them after JSON escaping.
export const POST = route({ params: agentParamsSchema, body: editFileSchema, maxBodyBytes: MAX_FILE_REQUEST_BYTES }, ({ params, body, actor, request }) =>
  relayToAgent({ agentId: params.agentId, actor, request, method: "POST", path: "/files/edit", body }),
);
