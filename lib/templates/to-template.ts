import type { Template as TemplateRow, TemplateVersion as TemplateVersionRow } from "@/generated/prisma/client";
import { upgradeStoredSpec } from "./upgrade-stored-spec";
import {
  templateSpecSchema,
  type Template,
  type TemplateDetail,
  type TemplateParameterView,
  type TemplateSpec,
  type TemplateVersion,
} from "./schemas";

/** The API's view of a template row. */
export function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    displayName: row.displayName,
    description: row.description,
    icon: row.icon,
    allowedInChat: row.allowedInChat,
    deprecated: row.deprecated,
    activeVersionId: row.activeVersionId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toTemplateVersion(row: TemplateVersionRow): TemplateVersion {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
}

// Optional spec fields are left out rather than sent as undefined, so the view is the same
// whether it is compared in-process or after a JSON round trip.
function definedOnly<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** The API view (camelCase) of a validated spec's parameters, in spec order. */
export function toTemplateParameters(spec: TemplateSpec): TemplateParameterView[] {
  return spec.parameters.map((parameter) =>
    definedOnly({
      name: parameter.name,
      type: parameter.type,
      displayName: parameter.display_name,
      description: parameter.description,
      default: parameter.default,
      required: parameter.required,
      mutable: parameter.mutable,
      options: parameter.options?.map((option) => definedOnly({ ...option })),
      validation: parameter.validation ? definedOnly({ ...parameter.validation }) : undefined,
    }),
  );
}

/**
 * A stored version's spec. It was validated when the version was created; parsing again fills in
 * defaults added since. A spec that no longer parses is our bug (a schema change without a data
 * migration), so it is an internal error rather than the caller's validation error.
 */
export function storedTemplateSpec(version: TemplateVersionRow): TemplateSpec {
  const result = templateSpecSchema.safeParse(upgradeStoredSpec(version.spec));
  if (!result.success) {
    throw new Error(`template version ${version.id} holds an invalid spec: ${result.error.message}`);
  }
  return result.data;
}

/** A template with its active version and that version's parameters. */
export function toTemplateDetail(row: TemplateRow & { activeVersion: TemplateVersionRow | null }): TemplateDetail {
  return {
    ...toTemplate(row),
    activeVersion: row.activeVersion ? toTemplateVersion(row.activeVersion) : null,
    parameters: row.activeVersion ? toTemplateParameters(storedTemplateSpec(row.activeVersion)) : [],
  };
}
