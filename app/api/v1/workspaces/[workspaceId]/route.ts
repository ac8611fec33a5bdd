import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { getWorkspace } from "@/lib/workspaces/get-workspace";

// GET /api/v1/workspaces/:workspaceId - a workspace with its latest build and agents
export const GET = route({ params: z.object({ workspaceId: z.uuid() }) }, async ({ params, actor }) =>
  json(await getWorkspace({ workspaceId: params.workspaceId, actor })),
);
