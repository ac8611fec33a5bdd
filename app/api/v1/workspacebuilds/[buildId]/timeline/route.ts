import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { getBuildTimeline } from "@/lib/workspaces/get-build-timeline";

// GET /api/v1/workspacebuilds/:buildId/timeline - a build's step times and its agents' connect and script times
export const GET = route({ params: z.object({ buildId: z.uuid() }) }, async ({ params, actor }) =>
  json(await getBuildTimeline({ buildId: params.buildId, actor })),
);
