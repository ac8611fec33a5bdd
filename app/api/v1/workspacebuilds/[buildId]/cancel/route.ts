import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { cancelWorkspaceBuild } from "@/lib/workspaces/cancel-workspace-build";

// POST /api/v1/workspacebuilds/:buildId/cancel - cancel a pending or running build
export const POST = route({ params: z.object({ buildId: z.uuid() }) }, async ({ params, actor }) =>
  json(await cancelWorkspaceBuild({ buildId: params.buildId, actor })),
);
