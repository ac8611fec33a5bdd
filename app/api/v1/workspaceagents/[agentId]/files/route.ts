import { route } from "@/lib/api/route";
import { relayToAgent } from "@/lib/workspace-agents/relay-to-agent";
import { agentParamsSchema } from "@/lib/workspace-agents/workspace-api-params";
import { MAX_FILE_REQUEST_BYTES, pathQuerySchema, readFileQuerySchema, writeFileSchema } from "@/lib/workspace-agents/workspace-api-schemas";

export const dynamic = "force-dynamic";

// GET /api/v1/workspaceagents/:agentId/files?path=P[&offset=N&limit=M] - a text file's lines or a folder's entries
export const GET = route({ params: agentParamsSchema, query: readFileQuerySchema }, ({ params, query, actor, request }) =>
  relayToAgent({
    agentId: params.agentId,
    actor,
    request,
    method: "GET",
    path: "/files",
    query: { path: query.path, offset: query.offset?.toString(), limit: query.limit?.toString() },
  }),
);

// PUT /api/v1/workspaceagents/:agentId/files?path=P - write a file (parents created)
// The body limit fits a 1 MiB file after JSON escaping; the schema refuses more content.
export const PUT = route({ params: agentParamsSchema, query: pathQuerySchema, body: writeFileSchema, maxBodyBytes: MAX_FILE_REQUEST_BYTES }, ({ params, query, body, actor, request }) =>
  relayToAgent({ agentId: params.agentId, actor, request, method: "PUT", path: "/files", query: { path: query.path }, body }),
);
