import { parseTemplateSpec } from "./parse-template-spec";
import type { CreateTemplateVersionInput, TemplateSpec } from "./schemas";

/**
 * Validates the `spec` of a create request (YAML/JSON text or a parsed object) and gives the text
 * to keep as the version's source: the text as sent, or the object written out as JSON.
 * Throws AppError bad_request with one "spec.<path>" validation per bad field.
 */
export function readSpecInput(input: CreateTemplateVersionInput["spec"]): { spec: TemplateSpec; source: string } {
  const spec = parseTemplateSpec(input);
  return { spec, source: typeof input === "string" ? input : JSON.stringify(input, null, 2) };
}
