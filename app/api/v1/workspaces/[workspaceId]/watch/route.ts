import { z } from "zod";
import { route } from "@/lib/api/route";
import { sseResponse } from "@/lib/sse/sse-response";
import { getWorkspace } from "@/lib/workspaces/get-workspace";
import { watchWorkspace } from "@/lib/workspaces/watch-workspace";

export const dynamic = "force-dynamic";

// GET /api/v1/workspaces/:workspaceId/watch - SSE: the workspace view each time it changes
export const GET = route({ params: z.object({ workspaceId: z.uuid() }) }, async ({ params, actor, request }) => {
  // Answer 404 before opening a stream for a workspace the actor cannot see.
  await getWorkspace({ workspaceId: params.workspaceId, actor });
  return sseResponse(request, (sink) => watchWorkspace({ workspaceId: params.workspaceId, actor, sink }));
});
