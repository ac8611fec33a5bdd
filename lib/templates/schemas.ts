import { z } from "zod";
import {
  MAX_AGENTS,
  MAX_APPS_PER_AGENT,
  MAX_BUILD_STEPS,
  MAX_NAME_LENGTH,
  MAX_PARAMETER_OPTIONS,
  MAX_PARAMETERS,
  MAX_SCRIPT_LENGTH,
  MAX_SCRIPTS_PER_AGENT,
} from "./limits";
import { compileUserRegex, MAX_USER_REGEX_LENGTH } from "./user-regex";

// The template spec is written by people in YAML (or JSON), so its keys are snake_case like the
// examples in prisma/seed/templates/; the REST shapes at the end of this file are camelCase like the rest of
// the API. Every spec object is strict: a misspelt key is an error, never silently ignored.

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MESSAGE = "lower-case letters, digits and single hyphens between them";

/** Longest parameter value accepted (characters); values end up in environment variables. */
export const MAX_PARAMETER_VALUE_LENGTH = 4096;

/** Longest a timeout (build step, connection, script) may be, in seconds: one day. */
const MAX_TIMEOUT_SECONDS = 86_400;

const slugSchema = (max: number) =>
  z.string().min(1, "required").max(max, `at most ${max} characters`).regex(SLUG_PATTERN, SLUG_MESSAGE);

const displayNameSchema = z.string().trim().max(64, "at most 64 characters");
const descriptionSchema = z.string().max(2000, "at most 2000 characters");
const nameSchema = z.string().trim().min(1, "required").max(MAX_NAME_LENGTH, `at most ${MAX_NAME_LENGTH} characters`);
const scriptTextSchema = z
  .string()
  .max(MAX_SCRIPT_LENGTH, `at most ${MAX_SCRIPT_LENGTH} characters`)
  .refine((text) => text.trim().length > 0, "must not be empty");
// The limits of limits.ts on a list, named in the message so the author knows which one.
const listOf = <T extends z.ZodType>(item: T, max: number, what: string) => z.array(item).max(max, `at most ${max} ${what}`);
// A refinement rather than .int(): zod's int check aborts the enclosing checks, which would hide
// other problems (a duplicate name) of the same list from the author.
const wholeNumberSchema = (message: string) => z.number().refine(Number.isInteger, message);

/** Template names: like workspace names, but lower case only so that they read the same everywhere. */
export const templateNameSchema = slugSchema(32);

export const parameterTypeSchema = z.enum(["string", "number", "bool"], {
  error: "must be one of: string, number, bool",
});
export type ParameterType = z.infer<typeof parameterTypeSchema>;

// YAML turns `default: 20` into a number and `default: true` into a boolean; parameter values are
// strings everywhere after parsing (API, environment variables, builds), so they are normalised here.
const parameterValueInputSchema = z
  .union([z.string(), z.number(), z.boolean()], { error: "must be a string, number or bool" })
  .transform((value) => String(value));

export const parameterValidationSchema = z
  .strictObject({
    // RE2 syntax, refused here when RE2 cannot compile it (see user-regex.ts).
    regex: z
      .string()
      .min(1, "must not be empty")
      .max(MAX_USER_REGEX_LENGTH, `at most ${MAX_USER_REGEX_LENGTH} characters`)
      .superRefine((pattern, ctx) => {
        const compiled = compileUserRegex(pattern);
        if (!compiled.isValid) ctx.addIssue({ code: "custom", message: compiled.problem });
      })
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    error: z.string().trim().min(1, "must not be empty").max(256, "at most 256 characters").optional(),
  })
  .superRefine((validation, ctx) => {
    if (validation.min !== undefined && validation.max !== undefined && validation.max < validation.min) {
      ctx.addIssue({ code: "custom", message: "must not be less than min", path: ["max"] });
    }
  });
export type ParameterValidation = z.infer<typeof parameterValidationSchema>;

export const parameterOptionSchema = z.strictObject({
  name: nameSchema,
  value: parameterValueInputSchema,
  description: descriptionSchema.optional(),
});
export type ParameterOption = z.infer<typeof parameterOptionSchema>;

/** What a value is checked against; both the spec parameter and its API view fit it. */
export type ParameterRule = {
  type: ParameterType;
  options?: { value: string }[];
  validation?: ParameterValidation;
};

const DECIMAL_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Why a parameter value is not acceptable, or null when it is. Shared by the spec (defaults and
 * options), the server (build parameters) and forms, so all three say the same thing.
 * Order: length, type, options, validation — the first problem is the one worth fixing first.
 */
export function checkParameterValue(parameter: ParameterRule, value: string): string | null {
  if (value.length > MAX_PARAMETER_VALUE_LENGTH) return `must be at most ${MAX_PARAMETER_VALUE_LENGTH} characters`;

  if (parameter.type === "number" && !(DECIMAL_NUMBER.test(value) && Number.isFinite(Number(value)))) {
    return "must be a number";
  }
  if (parameter.type === "bool" && value !== "true" && value !== "false") return 'must be "true" or "false"';

  if (parameter.options && !parameter.options.some((option) => option.value === value)) {
    return `must be one of: ${parameter.options.map((option) => option.value).join(", ")}`;
  }

  const validation = parameter.validation;
  if (!validation) return null;
  // The author's error text explains the rule better than a regex or a bound can.
  const failed = (fallback: string) => validation.error ?? fallback;

  if (validation.regex !== undefined && parameter.type === "string") {
    // An uncompilable regex is reported on the spec itself; here it cannot reject anything.
    const regex = compileUserRegex(validation.regex);
    if (regex.isValid && !regex.test(value)) return failed(`must match ${validation.regex}`);
  }
  if (parameter.type === "number") {
    const number = Number(value);
    if (validation.min !== undefined && number < validation.min) return failed(`must be at least ${validation.min}`);
    if (validation.max !== undefined && number > validation.max) return failed(`must be at most ${validation.max}`);
  }
  if (parameter.type === "string") {
    // Code points, not UTF-16 units, so that "é" or an emoji counts as one character.
    const length = [...value].length;
    if (validation.min !== undefined && length < validation.min) {
      return failed(`must be at least ${validation.min} characters`);
    }
    if (validation.max !== undefined && length > validation.max) {
      return failed(`must be at most ${validation.max} characters`);
    }
  }
  return null;
}

/**
 * Rejects a second item with the same value in `field`, reported on that field of the second item.
 * It runs even when some items are broken (`when`), so that every problem is reported at once;
 * items whose field did not parse are skipped.
 */
function uniqueField(field: string, what: string) {
  const refine = (items: readonly unknown[], ctx: z.RefinementCtx<unknown[]>) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const raw = item !== null && typeof item === "object" ? (item as Record<string, unknown>)[field] : undefined;
      if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") return;
      const value = String(raw);
      if (seen.has(value)) ctx.addIssue({ code: "custom", message: `duplicate ${what} "${value}"`, path: [index, field] });
      seen.add(value);
    });
  };
  return [refine, { when: (payload: z.core.ParsePayload) => Array.isArray(payload.value) }] as const;
}

export const templateParameterSpecSchema = z
  .strictObject({
    name: z
      .string()
      .min(1, "required")
      .max(MAX_NAME_LENGTH, `at most ${MAX_NAME_LENGTH} characters`)
      .regex(/^[a-z][a-z0-9_]*$/, "a lower-case letter, then lower-case letters, digits and underscores"),
    type: parameterTypeSchema,
    display_name: displayNameSchema.optional(),
    description: descriptionSchema.optional(),
    default: parameterValueInputSchema.optional(),
    required: z.boolean().optional(),
    mutable: z.boolean().default(false),
    options: listOf(parameterOptionSchema, MAX_PARAMETER_OPTIONS, "options")
      .min(1, "must list at least one option")
      .superRefine(...uniqueField("value", "option value"))
      .optional(),
    validation: parameterValidationSchema.optional(),
  })
  .superRefine((parameter, ctx) => {
    const { type, validation } = parameter;
    if (parameter.required === true && parameter.default !== undefined) {
      // A default is only used when no value is given, which a required parameter never allows.
      ctx.addIssue({ code: "custom", message: "a parameter with a default cannot be required", path: ["required"] });
    }
    if (validation?.regex !== undefined && type !== "string") {
      ctx.addIssue({ code: "custom", message: "only string parameters can have a regex", path: ["validation", "regex"] });
    }
    for (const bound of ["min", "max"] as const) {
      const limit = validation?.[bound];
      if (limit === undefined) continue;
      if (type === "bool") {
        ctx.addIssue({ code: "custom", message: "bool parameters cannot have min or max", path: ["validation", bound] });
      } else if (type === "string" && !(Number.isInteger(limit) && limit >= 0)) {
        ctx.addIssue({
          code: "custom",
          message: "must be a whole number of characters, 0 or more",
          path: ["validation", bound],
        });
      }
    }
    parameter.options?.forEach((option, index) => {
      const problem = checkParameterValue({ type, validation }, option.value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["options", index, "value"] });
    });
    if (parameter.default !== undefined) {
      const problem = checkParameterValue(parameter, parameter.default);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["default"] });
    }
  })
  .transform(({ required, ...parameter }) => ({
    ...parameter,
    // Without a default there is nothing to fall back on, so the value must be given.
    required: required ?? parameter.default === undefined,
  }));
export type TemplateParameter = z.infer<typeof templateParameterSpecSchema>;

export const templateBuildStepSchema = z.strictObject({
  name: nameSchema,
  run: scriptTextSchema,
  /** Seconds. */
  timeout: wholeNumberSchema("must be a whole number of seconds")
    .min(1, "at least 1 second")
    .max(MAX_TIMEOUT_SECONDS, `at most ${MAX_TIMEOUT_SECONDS} seconds`)
    .default(600),
});
export type TemplateBuildStep = z.infer<typeof templateBuildStepSchema>;

export const templateAgentScriptSchema = z.strictObject({
  name: nameSchema,
  run: scriptTextSchema,
  run_on_start: z.boolean().default(true),
  /** Seconds; 0 = no timeout. */
  timeout: wholeNumberSchema("must be a whole number of seconds")
    .min(0, "0 (no timeout) or more")
    .max(MAX_TIMEOUT_SECONDS, `at most ${MAX_TIMEOUT_SECONDS} seconds`)
    .default(0),
});
export type TemplateAgentScript = z.infer<typeof templateAgentScriptSchema>;

/** Who may open an app besides its owner; each level includes the ones before it. */
export const appShareSchema = z.enum(["owner", "authenticated", "public"], { error: "must be owner, authenticated or public" });
export type AppShareLevel = z.infer<typeof appShareSchema>;

const portSchema = wholeNumberSchema("must be a whole number").min(1, "1 to 65535").max(65535, "1 to 65535");
/** A path on the app: starts with one slash, no spaces or control characters. */
const appPathSchema = z
  .string()
  .max(512, "at most 512 characters")
  .refine((path) => path.startsWith("/") && !path.startsWith("//") && ![...path].some((c) => c <= " " || c === "\u007f"), "must start with / and hold no spaces");

export const templateAppHealthcheckSchema = z.strictObject({
  path: appPathSchema,
  /** Seconds between checks. */
  interval: wholeNumberSchema("must be a whole number of seconds").min(1, "at least 1 second").max(3600, "at most 3600 seconds").default(10),
  /** Consecutive failures before the app is unhealthy. */
  threshold: wholeNumberSchema("must be a whole number").min(1, "at least 1").max(100, "at most 100").default(3),
});

export const templateAppSchema = z.strictObject({
  slug: slugSchema(32),
  display_name: displayNameSchema.optional(),
  /** The port the app listens on inside the workspace. */
  port: portSchema,
  path: appPathSchema.default("/"),
  share: appShareSchema.default("owner"),
  healthcheck: templateAppHealthcheckSchema.optional(),
  // Specs written before apps named ports: say what to write instead of "unrecognized key".
  url: z.never({ error: "apps name a port inside the workspace now (port: 3000, path: /), not a url" }).optional(),
});
export type TemplateApp = z.infer<typeof templateAppSchema>;

export const templateAgentSchema = z.strictObject({
  name: slugSchema(MAX_NAME_LENGTH),
  /** The agent a chat works in; see docs/chat-tools.md, "Agent selection for a chat". */
  chat: z.boolean().default(false),
  // Bounded to fit the database's 32-bit column with room to spare.
  display_order: wholeNumberSchema("must be a whole number")
    .min(-1_000_000, "at least -1000000")
    .max(1_000_000, "at most 1000000")
    .default(0),
  /** Seconds; 0 = never times out. */
  connection_timeout: wholeNumberSchema("must be a whole number of seconds")
    .min(0, "0 (never) or more")
    .max(MAX_TIMEOUT_SECONDS, `at most ${MAX_TIMEOUT_SECONDS} seconds`)
    .default(120),
  scripts: listOf(templateAgentScriptSchema, MAX_SCRIPTS_PER_AGENT, "scripts per agent")
    .superRefine(...uniqueField("name", "script name"))
    .default([]),
  apps: listOf(templateAppSchema, MAX_APPS_PER_AGENT, "apps per agent")
    .superRefine(...uniqueField("slug", "app slug"))
    .default([]),
});
export type TemplateAgent = z.infer<typeof templateAgentSchema>;

/** What a workspace may use; unset fields take the site defaults (KILN_WORKSPACE_MEMORY_MB, KILN_WORKSPACE_PIDS). */
export const templateLimitsSchema = z.strictObject({
  memory_mb: wholeNumberSchema("must be a whole number of MB").min(16, "at least 16 MB").max(1_048_576, "at most 1048576 MB").optional(),
  pids: wholeNumberSchema("must be a whole number").min(8, "at least 8").max(1_000_000, "at most 1000000").optional(),
});
export type TemplateLimits = z.infer<typeof templateLimitsSchema>;

// Several agents with `chat: true` are accepted here on purpose: the chat tools report that case
// as a selection error at run time (docs/chat-tools.md, "Agent selection for a chat"), which a template must be able to reach.
export const templateSpecSchema = z.strictObject({
  name: templateNameSchema,
  display_name: displayNameSchema.optional(),
  description: descriptionSchema.optional(),
  parameters: listOf(templateParameterSpecSchema, MAX_PARAMETERS, "parameters")
    .superRefine(...uniqueField("name", "parameter name"))
    .default([]),
  build: listOf(templateBuildStepSchema, MAX_BUILD_STEPS, "build steps")
    .superRefine(...uniqueField("name", "build step name"))
    .default([]),
  agents: listOf(templateAgentSchema, MAX_AGENTS, "agents")
    .superRefine(...uniqueField("name", "agent name"))
    .default([]),
  /** none: the workspace has only its own loopback; outbound: a user-mode stack without the host's loopback. */
  network: z.enum(["none", "outbound"], { error: "must be none or outbound" }).default("none"),
  limits: templateLimitsSchema.default({}),
  /** The widest `share` an app of this template gets (a wider one is narrowed to this). */
  max_app_share: appShareSchema.default("owner"),
});
/** A validated spec: defaults filled in, parameter values as strings. */
export type TemplateSpec = z.infer<typeof templateSpecSchema>;
/** A spec as written (before defaults and normalisation). */
export type TemplateSpecInput = z.input<typeof templateSpecSchema>;

// ---- REST shapes (camelCase), shared by the client and the API ----

export const templateSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  name: z.string(),
  displayName: z.string(),
  description: z.string(),
  icon: z.string(),
  allowedInChat: z.boolean(),
  deprecated: z.boolean(),
  activeVersionId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof templateSchema>;

/** The API view of a spec parameter. */
export const templateParameterSchema = z.object({
  name: z.string(),
  type: parameterTypeSchema,
  displayName: z.string().optional(),
  description: z.string().optional(),
  default: z.string().optional(),
  required: z.boolean(),
  mutable: z.boolean(),
  options: z.array(z.object({ name: z.string(), value: z.string(), description: z.string().optional() })).optional(),
  validation: z
    .object({
      regex: z.string().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      error: z.string().optional(),
    })
    .optional(),
});
export type TemplateParameterView = z.infer<typeof templateParameterSchema>;

/** A template version as the API lists it; the spec itself stays on the server. */
export const templateVersionSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
});
export type TemplateVersion = z.infer<typeof templateVersionSchema>;

/** `GET /templates/:id/versions`: each version with who made it and its spec text, newest first. */
export const templateVersionDetailSchema = templateVersionSchema.extend({
  /** The author's username; null when that user is gone or the version was seeded. */
  createdBy: z.string().nullable(),
  /** The spec text as its author sent it (YAML, or JSON for a spec sent as an object). */
  source: z.string(),
});
export type TemplateVersionDetail = z.infer<typeof templateVersionDetailSchema>;

/** `GET /templates/:id` and the answers of the writes: the template with its active version. */
export const templateDetailSchema = templateSchema.extend({
  activeVersion: templateVersionSchema.nullable(),
  /** The active version's parameters, in spec order; empty without an active version. */
  parameters: z.array(templateParameterSchema),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;

/** `POST /templates/:id/versions` answers the new version and the template it is now active on. */
export const createdTemplateVersionSchema = z.object({
  version: templateVersionSchema,
  template: templateDetailSchema,
});
export type CreatedTemplateVersion = z.infer<typeof createdTemplateVersionSchema>;

export const listTemplatesQuerySchema = z.object({ organizationId: z.uuid().optional() });

// The spec is either YAML/JSON text (kept as the version's source) or an already parsed object;
// its content is checked by parseTemplateSpec, which reports fields as "spec.<path>".
const specInputSchema = z.union([z.string().min(1, "required"), z.record(z.string(), z.unknown())], {
  error: "must be YAML or JSON text, or an object",
});

export const createTemplateSchema = z.object({
  spec: specInputSchema,
  organizationId: z.uuid().optional(),
});
export type CreateTemplateInput = z.infer<typeof createTemplateSchema>;

export const createTemplateVersionSchema = z.object({ spec: specInputSchema });
export type CreateTemplateVersionInput = z.infer<typeof createTemplateVersionSchema>;

export const updateTemplateSchema = z
  .object({
    allowedInChat: z.boolean().optional(),
    deprecated: z.boolean().optional(),
    displayName: displayNameSchema.optional(),
    description: descriptionSchema.optional(),
    icon: z.string().trim().max(256, "at most 256 characters").optional(),
    /** One of the template's versions, to make it the one new workspaces are built from. */
    activeVersionId: z.uuid("must be a version id").optional(),
  })
  .refine((update) => Object.values(update).some((value) => value !== undefined), "at least one field is required");
export type UpdateTemplateInput = z.infer<typeof updateTemplateSchema>;
