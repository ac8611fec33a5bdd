import { z } from "zod";
import { route } from "@/lib/api/route";
import { getBuildLogSource } from "@/lib/logs/get-build-log-source";
import { logsResponse } from "@/lib/logs/logs-response";
import { logsQuerySchema } from "@/lib/logs/schemas";
import { channels } from "@/lib/pubsub/channels";

export const dynamic = "force-dynamic";

// GET /api/v1/workspacebuilds/:buildId/logs?after=ID[&follow=1] - build logs, as JSON or a live SSE stream
export const GET = route(
  { params: z.object({ buildId: z.uuid() }), query: logsQuerySchema },
  async ({ params, query, actor, request }) => {
    const source = await getBuildLogSource({ buildId: params.buildId, actor });
    return logsResponse({ request, query, source, channel: channels.job(source.jobId), event: "log" });
  },
);
