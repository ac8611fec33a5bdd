import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { createWorkspaceBuild } from "@/lib/workspaces/create-workspace-build";
import { createWorkspaceBuildSchema } from "@/lib/workspaces/schemas";

// POST /api/v1/workspaces/:workspaceId/builds - start, stop or delete (409 while a build runs)
export const POST = route(
  { params: z.object({ workspaceId: z.uuid() }), body: createWorkspaceBuildSchema },
  async ({ params, body, actor, origin }) =>
    json(await createWorkspaceBuild({ workspaceId: params.workspaceId, input: body, actor, origin }), 201),
);
