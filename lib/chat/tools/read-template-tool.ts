import "server-only";
import { tool } from "ai";
import { db } from "@/lib/db/client";
import { storedTemplateSpec } from "@/lib/templates/to-template";
import { parseTemplateId } from "./parse-template-id";
import { readTemplateInputSchema, type ReadTemplateInput } from "./schemas";
import type { ToolContext } from "./tool-context";
import { ToolTextError } from "./tool-text-error";

export const READ_TEMPLATE_DESCRIPTION =
  "Read a template's details and its parameters (types, defaults, options, validation), to fill create_workspace's parameters.";

/** read_template (docs/chat-tools.md, "read_template"). Another organisation's template is "not found". */
export async function runReadTemplate(ctx: ToolContext, input: ReadTemplateInput) {
  const templateId = parseTemplateId(input.template_id, "template_id is required");
  const prisma = await db();
  const template = await prisma.template.findFirst({
    where: { id: templateId, organizationId: ctx.organizationId },
    include: { activeVersion: true },
  });
  if (!template?.activeVersion) throw new ToolTextError("template not found");
  if (!template.allowedInChat) {
    throw new ToolTextError("template not available for chat workspaces; use list_templates to find allowed templates");
  }
  const spec = storedTemplateSpec(template.activeVersion);
  return {
    template: {
      id: template.id,
      name: template.name,
      ...(template.displayName ? { display_name: template.displayName } : {}),
      ...(template.description ? { description: template.description } : {}),
      active_version_id: template.activeVersion.id,
    },
    parameters: spec.parameters.map((p) => ({
      name: p.name,
      type: p.type,
      required: p.required,
      mutable: p.mutable,
      ...(p.display_name ? { display_name: p.display_name } : {}),
      ...(p.description ? { description: p.description } : {}),
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.options ? { options: p.options.map((o) => ({ name: o.name, value: o.value, ...(o.description ? { description: o.description } : {}) })) } : {}),
      ...(p.validation?.regex ? { validation_regex: p.validation.regex } : {}),
      ...(p.validation?.min !== undefined ? { validation_min: p.validation.min } : {}),
      ...(p.validation?.max !== undefined ? { validation_max: p.validation.max } : {}),
    })),
  };
}

export const readTemplateTool = (ctx: ToolContext) =>
  tool({
    description: READ_TEMPLATE_DESCRIPTION,
    inputSchema: readTemplateInputSchema,
    execute: (input) => runReadTemplate(ctx, input),
  });
