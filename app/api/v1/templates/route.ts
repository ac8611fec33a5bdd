import { json, route } from "@/lib/api/route";
import { createTemplate } from "@/lib/templates/create-template";
import { listTemplates } from "@/lib/templates/list-templates";
import { createTemplateSchema, listTemplatesQuerySchema } from "@/lib/templates/schemas";
import { toTemplate, toTemplateDetail } from "@/lib/templates/to-template";

// GET /api/v1/templates - templates of my organisations (admins: all); ?organizationId= narrows
export const GET = route({ query: listTemplatesQuerySchema }, async ({ query, actor }) =>
  json((await listTemplates({ actor, organizationId: query.organizationId })).map(toTemplate)),
);

// POST /api/v1/templates - an admin creates a template from a spec (YAML/JSON text or an object)
export const POST = route({ access: "admin", body: createTemplateSchema }, async ({ body, actor, origin }) =>
  json(toTemplateDetail(await createTemplate({ input: body, actor, requestIp: origin.requestIp })), 201),
);
