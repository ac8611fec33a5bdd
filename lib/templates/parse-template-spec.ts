import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { AppError, type Validation } from "@/lib/errors";
import { templateSpecSchema, type TemplateSpec } from "./schemas";

/** Largest template spec text accepted, in bytes of UTF-8. */
export const MAX_TEMPLATE_SPEC_BYTES = 256 * 1024;

// Aliases can make a small YAML text expand into a huge object ("billion laughs").
export const MAX_YAML_ALIASES = 100;

function invalidSpec(validations: Validation[]): AppError {
  return new AppError("bad_request", "Invalid template spec", { validations });
}

function specTextProblem(field: string, detail: string): AppError {
  return invalidSpec([{ field, detail }]);
}

function parseSpecText(text: string): unknown {
  // Cheap length test first: a string of more than MAX code units is never smaller in UTF-8.
  if (text.length > MAX_TEMPLATE_SPEC_BYTES || new TextEncoder().encode(text).length > MAX_TEMPLATE_SPEC_BYTES) {
    throw specTextProblem("spec", `must be at most ${MAX_TEMPLATE_SPEC_BYTES / 1024} KiB`);
  }
  const lineCounter = new LineCounter();
  // YAML 1.2 is a superset of JSON, so one parser takes both.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [error] = document.errors;
  if (error) {
    // Later errors are mostly knock-on effects of the first one; report the one to fix.
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const message = error.code === "MULTIPLE_DOCS" ? "must be a single YAML document" : error.message;
    throw specTextProblem("spec", `line ${line}, column ${col}: ${message}`);
  }
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (cause) {
    // Unknown aliases and alias bombs only show up while building the value.
    throw specTextProblem("spec", (cause as Error).message);
  }
}

// Messages for the generic zod issues, in the terms of a YAML author; specific rules carry their
// own messages in the schema.
export const specErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "required";
    const expected: Record<string, string> = {
      string: "must be a string",
      number: "must be a number",
      int: "must be a whole number",
      boolean: "must be true or false",
      array: "must be a list",
      object: "must be a mapping of fields",
    };
    return expected[issue.expected] ?? `must be ${issue.expected}`;
  }
  return undefined;
};

/** One problem of a spec, at the path of the field it is about (within the spec). */
export type SpecIssue = { path: PropertyKey[]; detail: string };

/** The issues of a failed spec parse, an unknown key reported on its own path so the field names the mistake. */
export function specIssues(error: z.ZodError): SpecIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: [...issue.path, key], detail: "unknown field" }))
      : [{ path: issue.path, detail: issue.message }],
  );
}

function specValidations(error: z.ZodError): Validation[] {
  const detailsByField = new Map<string, string[]>();
  for (const { path, detail } of specIssues(error)) {
    const field = ["spec", ...path.map(String)].join(".");
    const details = detailsByField.get(field) ?? [];
    if (!details.includes(detail)) details.push(detail);
    detailsByField.set(field, details);
  }
  return [...detailsByField].map(([field, details]) => ({ field, detail: details.join("; ") }));
}

/**
 * Validates a template spec: YAML or JSON text, or an already parsed value (a JSON request body).
 * Throws AppError bad_request "Invalid template spec" with one validation per bad field, named
 * "spec.<path>" ("spec.parameters.0.default"); text that is not YAML is reported on "spec".
 */
export function parseTemplateSpec(input: unknown): TemplateSpec {
  const value = typeof input === "string" ? parseSpecText(input) : input;
  const result = templateSpecSchema.safeParse(value, { error: specErrorMap });
  if (!result.success) throw invalidSpec(specValidations(result.error));
  return result.data;
}
