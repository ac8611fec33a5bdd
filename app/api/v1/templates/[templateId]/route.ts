import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { getTemplate } from "@/lib/templates/get-template";
import { updateTemplateSchema } from "@/lib/templates/schemas";
import { toTemplateDetail } from "@/lib/templates/to-template";
import { updateTemplate } from "@/lib/templates/update-template";

const params = z.object({ templateId: z.uuid() });

// GET /api/v1/templates/:templateId - a template with its active version's parameters
export const GET = route({ params }, async ({ params, actor }) =>
  json(toTemplateDetail(await getTemplate({ templateId: params.templateId, actor }))),
);

// PATCH /api/v1/templates/:templateId - an admin sets allowedInChat, deprecated, display fields or the active version
export const PATCH = route({ access: "admin", params, body: updateTemplateSchema }, async ({ params, body, actor, origin }) =>
  json(toTemplateDetail(await updateTemplate({ templateId: params.templateId, input: body, actor, requestIp: origin.requestIp }))),
);
