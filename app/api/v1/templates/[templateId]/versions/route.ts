import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { createTemplateVersion } from "@/lib/templates/create-template-version";
import { listTemplateVersions } from "@/lib/templates/list-template-versions";
import { createTemplateVersionSchema, type CreatedTemplateVersion } from "@/lib/templates/schemas";
import { toTemplateDetail, toTemplateVersion } from "@/lib/templates/to-template";

// POST /api/v1/templates/:templateId/versions - an admin uploads a new spec; it becomes active
export const POST = route(
  { access: "admin", params: z.object({ templateId: z.uuid() }), body: createTemplateVersionSchema },
  async ({ params, body, actor, origin }) => {
    const { version, template } = await createTemplateVersion({
      templateId: params.templateId,
      input: body,
      actor,
      requestIp: origin.requestIp,
    });
    const created: CreatedTemplateVersion = { version: toTemplateVersion(version), template: toTemplateDetail(template) };
    return json(created, 201);
  },
);

// GET /api/v1/templates/:templateId/versions - the versions, newest first, with author and spec text
export const GET = route({ params: z.object({ templateId: z.uuid() }) }, async ({ params, actor }) =>
  json(await listTemplateVersions({ templateId: params.templateId, actor })),
);
