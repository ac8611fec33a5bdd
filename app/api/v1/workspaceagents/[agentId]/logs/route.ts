import { z } from "zod";
import { route } from "@/lib/api/route";
import { getAgentLogSource } from "@/lib/logs/get-agent-log-source";
import { logsResponse } from "@/lib/logs/logs-response";
import { logsQuerySchema } from "@/lib/logs/schemas";
import { channels } from "@/lib/pubsub/channels";

export const dynamic = "force-dynamic";

// GET /api/v1/workspaceagents/:agentId/logs?after=ID[&follow=1] - startup-script logs, as JSON or a live SSE stream
export const GET = route(
  { params: z.object({ agentId: z.uuid() }), query: logsQuerySchema },
  async ({ params, query, actor, request }) => {
    const source = await getAgentLogSource({ agentId: params.agentId, actor });
    return logsResponse({ request, query, source, channel: channels.agent(source.agentId), event: "log" });
  },
);
