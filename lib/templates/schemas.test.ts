import { describe, expect, it } from "vitest";
import {
  checkParameterValue,
  createTemplateSchema,
  MAX_PARAMETER_VALUE_LENGTH,
  templateParameterSchema,
  templateParameterSpecSchema,
  templateSchema,
  templateSpecSchema,
  updateTemplateSchema,
  type ParameterRule,
} from "./schemas";

describe("checkParameterValue", () => {
  const cases: [string, ParameterRule, string, string | null][] = [
    ["any string", { type: "string" }, "anything at all", null],
    ["empty string", { type: "string" }, "", null],
    ["too long", { type: "string" }, "x".repeat(MAX_PARAMETER_VALUE_LENGTH + 1), "must be at most 4096 characters"],
    ["longest allowed", { type: "string" }, "x".repeat(MAX_PARAMETER_VALUE_LENGTH), null],
    ["integer", { type: "number" }, "42", null],
    ["negative decimal", { type: "number" }, "-1.5", null],
    ["exponent", { type: "number" }, "1e3", null],
    ["not a number", { type: "number" }, "abc", "must be a number"],
    ["empty number", { type: "number" }, "", "must be a number"],
    ["hex is not a number here", { type: "number" }, "0x10", "must be a number"],
    ["spaces around a number", { type: "number" }, " 5 ", "must be a number"],
    ["Infinity", { type: "number" }, "Infinity", "must be a number"],
    ["overflow", { type: "number" }, "1e999", "must be a number"],
    ["bool true", { type: "bool" }, "true", null],
    ["bool false", { type: "bool" }, "false", null],
    ["bool upper case", { type: "bool" }, "True", 'must be "true" or "false"'],
    ["bool yes", { type: "bool" }, "yes", 'must be "true" or "false"'],
    ["one of the options", { type: "string", options: [{ value: "a" }, { value: "b" }] }, "b", null],
    ["not an option", { type: "string", options: [{ value: "a" }, { value: "b" }] }, "c", "must be one of: a, b"],
    ["regex match", { type: "string", validation: { regex: "^[a-z]+$" } }, "abc", null],
    ["regex mismatch", { type: "string", validation: { regex: "^[a-z]+$" } }, "ABC", "must match ^[a-z]+$"],
    ["regex mismatch, author's text", { type: "string", validation: { regex: "^[a-z]+$", error: "letters only" } }, "1", "letters only"],
    ["string length below min", { type: "string", validation: { min: 2 } }, "a", "must be at least 2 characters"],
    ["string length above max", { type: "string", validation: { max: 2 } }, "abc", "must be at most 2 characters"],
    ["string length counts code points", { type: "string", validation: { max: 2 } }, "🙂🙂", null],
    ["number below min", { type: "number", validation: { min: 1 } }, "0", "must be at least 1"],
    ["number at min", { type: "number", validation: { min: 1 } }, "1", null],
    ["number above max", { type: "number", validation: { max: 10 } }, "10.5", "must be at most 10"],
    ["number out of range, author's text", { type: "number", validation: { max: 10, error: "1 to 10" } }, "11", "1 to 10"],
    ["type is checked before options", { type: "number", options: [{ value: "1" }] }, "x", "must be a number"],
  ];
  it.each(cases)("%s", (_, rule, value, expected) => {
    expect(checkParameterValue(rule, value)).toBe(expected);
  });
});

describe("templateParameterSpecSchema", () => {
  it("fills defaults: required without a default, optional with one, immutable", () => {
    expect(templateParameterSpecSchema.parse({ name: "a", type: "string" })).toEqual({
      name: "a",
      type: "string",
      required: true,
      mutable: false,
    });
    expect(templateParameterSpecSchema.parse({ name: "a", type: "string", default: "x" })).toMatchObject({
      default: "x",
      required: false,
    });
  });

  it("turns YAML numbers and booleans into strings", () => {
    const parsed = templateParameterSpecSchema.parse({
      name: "n",
      type: "number",
      default: 20,
      options: [{ name: "Twenty", value: 20 }, { name: "Half", value: 0.5 }],
    });
    expect(parsed.default).toBe("20");
    expect(parsed.options?.map((option) => option.value)).toEqual(["20", "0.5"]);
    expect(templateParameterSpecSchema.parse({ name: "b", type: "bool", default: false }).default).toBe("false");
  });

  it("accepts an optional parameter without a default", () => {
    expect(templateParameterSpecSchema.parse({ name: "a", type: "string", required: false })).toMatchObject({
      required: false,
    });
  });

  it("is idempotent, so a stored spec parses again to itself", () => {
    const once = templateSpecSchema.parse({
      name: "t",
      parameters: [
        { name: "n", type: "number", default: 3, validation: { min: 1, max: 5 } },
        { name: "s", type: "string", options: [{ name: "A", value: "a" }] },
      ],
      build: [{ name: "b", run: "true" }],
      agents: [{ name: "main", scripts: [{ name: "s", run: "true" }], apps: [{ slug: "web", port: 3000 }] }],
    });
    expect(templateSpecSchema.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });
});

describe("REST schemas", () => {
  const template = {
    id: "3f1c3b1e-8d4a-4f5e-9b0a-2c1d3e4f5a6b",
    organizationId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    name: "node-dev",
    displayName: "Node.js",
    description: "",
    icon: "",
    allowedInChat: true,
    deprecated: false,
    activeVersionId: null,
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
  };

  it("templateSchema reads a template", () => {
    expect(templateSchema.parse(template)).toEqual(template);
  });

  it("templateParameterSchema reads the camelCase view", () => {
    const view = { name: "greeting", type: "string", displayName: "Greeting", default: "hi", required: false, mutable: true };
    expect(templateParameterSchema.parse(view)).toEqual(view);
  });

  it("createTemplateSchema takes text or an object", () => {
    expect(createTemplateSchema.parse({ spec: "name: x" })).toEqual({ spec: "name: x" });
    expect(createTemplateSchema.parse({ spec: { name: "x" }, organizationId: template.id })).toEqual({
      spec: { name: "x" },
      organizationId: template.id,
    });
    expect(createTemplateSchema.safeParse({ spec: 5 }).success).toBe(false);
    expect(createTemplateSchema.safeParse({ spec: "" }).success).toBe(false);
    expect(createTemplateSchema.safeParse({ spec: "x", organizationId: "nope" }).success).toBe(false);
  });

  it("updateTemplateSchema needs at least one field", () => {
    expect(updateTemplateSchema.parse({ allowedInChat: false })).toEqual({ allowedInChat: false });
    expect(updateTemplateSchema.parse({ displayName: " Node " })).toEqual({ displayName: "Node" });
    const empty = updateTemplateSchema.safeParse({});
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe("at least one field is required");
    expect(updateTemplateSchema.safeParse({ deprecated: "yes" }).success).toBe(false);
  });
});

describe("specs stored before apps named ports", () => {
  it("read url as its port and path; a new spec with url is refused with what to write", async () => {
    const { upgradeStoredSpec } = await import("./upgrade-stored-spec");
    const stored = { name: "old", agents: [{ name: "main", apps: [{ slug: "web", url: "http://127.0.0.1:3000/app" }, { slug: "tls", url: "https://x.test" }] }] };
    const spec = templateSpecSchema.parse(upgradeStoredSpec(stored));
    expect(spec.agents[0]!.apps.map(({ slug, port, path }) => ({ slug, port, path }))).toEqual([
      { slug: "web", port: 3000, path: "/app" },
      { slug: "tls", port: 443, path: "/" },
    ]);
    const fresh = templateSpecSchema.safeParse(stored);
    expect(fresh.success).toBe(false);
    expect(fresh.error!.issues.map((issue) => issue.message)).toContain("apps name a port inside the workspace now (port: 3000, path: /), not a url");
  });
});
