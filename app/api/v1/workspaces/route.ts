import { json, route } from "@/lib/api/route";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { listWorkspaces } from "@/lib/workspaces/list-workspaces";
import { createWorkspaceSchema } from "@/lib/workspaces/schemas";

// GET /api/v1/workspaces - my live workspaces with their latest build and agents
export const GET = route({}, async ({ actor }) => json(await listWorkspaces({ actor })));

// POST /api/v1/workspaces - create a workspace from a template; its first build starts at once
export const POST = route({ body: createWorkspaceSchema }, async ({ body, actor, origin }) =>
  json(await createWorkspace({ input: body, actor, origin }), 201),
);
