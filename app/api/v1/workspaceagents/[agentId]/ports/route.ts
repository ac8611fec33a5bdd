import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { listAgentPorts } from "@/lib/workspace-apps/list-agent-ports";

export const dynamic = "force-dynamic";

// GET /api/v1/workspaceagents/:agentId/ports - TCP ports listening inside the workspace (owner only)
export const GET = route({ params: z.object({ agentId: z.uuid() }) }, async ({ params, actor }) =>
  json({ ports: await listAgentPorts({ agentId: params.agentId, actor }) }),
);
