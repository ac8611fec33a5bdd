import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError, type Validation } from "@/lib/errors";
import { MAX_TEMPLATE_SPEC_BYTES, parseTemplateSpec } from "./parse-template-spec";

const SEED_DIR = path.join(import.meta.dirname, "../../prisma/seed/templates");

/** The validations parseTemplateSpec throws for an input (fails the test when it does not throw). */
function validationsOf(input: unknown): Validation[] {
  try {
    parseTemplateSpec(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("bad_request");
    expect(appError.message).toBe("Invalid template spec");
    return appError.validations ?? [];
  }
  throw new Error("expected the spec to be rejected");
}

const detailsByField = (input: unknown) =>
  Object.fromEntries(validationsOf(input).map((validation) => [validation.field, validation.detail]));

const minimal = { name: "tiny" };

describe("parseTemplateSpec: seed templates", () => {
  const files = readdirSync(SEED_DIR).filter((file) => file.endsWith(".yaml"));

  it("finds the four example templates", () => {
    expect(files.sort()).toEqual(["broken-build.yaml", "broken-startup.yaml", "node-dev.yaml", "quick.yaml"]);
  });

  it.each(files)("%s parses", (file) => {
    const spec = parseTemplateSpec(readFileSync(path.join(SEED_DIR, file), "utf8"));
    expect(`${spec.name}.yaml`).toBe(file);
    expect(spec.agents.length).toBeGreaterThan(0);
  });

  it("node-dev has the parameters, steps, agent and app it promises", () => {
    const spec = parseTemplateSpec(readFileSync(path.join(SEED_DIR, "node-dev.yaml"), "utf8"));
    const [nodeVersion, greeting] = spec.parameters;
    expect(nodeVersion).toMatchObject({ name: "node_version", type: "string", default: "20", required: false, mutable: false });
    expect(nodeVersion?.options?.map((option) => option.value)).toEqual(["18", "20", "22"]);
    expect(greeting).toMatchObject({ name: "greeting", mutable: true });
    expect(greeting?.validation?.regex).toBeDefined();
    expect(spec.build.length).toBeGreaterThanOrEqual(2);
    expect(spec.agents).toHaveLength(1);
    expect(spec.agents[0]).toMatchObject({ name: "main", chat: true });
    expect(spec.agents[0]?.scripts.map((script) => script.name)).toEqual(["Start dev server"]);
    expect(spec.agents[0]?.apps[0]).toMatchObject({ slug: "web" });
  });

  it("scripts read parameters from the environment, never from spliced text", () => {
    for (const file of files) {
      const text = readFileSync(path.join(SEED_DIR, file), "utf8");
      expect(text).not.toMatch(/\{\{|\$\{?param/i);
    }
  });
});

describe("parseTemplateSpec: text", () => {
  it("takes YAML and fills defaults", () => {
    const spec = parseTemplateSpec(
      ["name: demo", "build:", "  - name: Step", "    run: echo hi", "agents:", "  - name: main", ""].join("\n"),
    );
    expect(spec).toEqual({
      name: "demo",
      parameters: [],
      build: [{ name: "Step", run: "echo hi", timeout: 600 }],
      agents: [{ name: "main", chat: false, display_order: 0, connection_timeout: 120, scripts: [], apps: [] }],
      network: "none",
      limits: {},
      max_app_share: "owner",
    });
  });

  it("takes JSON text", () => {
    expect(parseTemplateSpec('{"name": "demo", "agents": [{"name": "main", "chat": true}]}').agents[0]?.chat).toBe(true);
  });

  it("takes an already parsed object", () => {
    expect(parseTemplateSpec({ name: "demo" }).name).toBe("demo");
  });

  it("fills script and agent defaults", () => {
    const spec = parseTemplateSpec({ name: "demo", agents: [{ name: "main", scripts: [{ name: "s", run: "true" }] }] });
    expect(spec.agents[0]?.scripts[0]).toEqual({ name: "s", run: "true", run_on_start: true, timeout: 0 });
  });

  it("reports a YAML syntax error on spec, with its line", () => {
    const validations = validationsOf("name: demo\nbuild:\n  - name: [broken\n");
    expect(validations).toHaveLength(1);
    expect(validations[0]?.field).toBe("spec");
    expect(validations[0]?.detail).toMatch(/^line \d+, column \d+: /);

    expect(validationsOf("name: demo\nname: again\n")[0]?.detail).toMatch(/^line 2, column 1: Map keys must be unique/);
  });

  it("rejects several YAML documents", () => {
    expect(detailsByField("name: a\n---\nname: b\n").spec).toMatch(/single YAML document/);
  });

  it("rejects an unknown alias", () => {
    expect(detailsByField("name: *nothing\n").spec).toMatch(/alias/i);
  });

  it("rejects text that is not a mapping", () => {
    expect(detailsByField("")).toEqual({ spec: "must be a mapping of fields" });
    expect(detailsByField("just text")).toEqual({ spec: "must be a mapping of fields" });
    expect(detailsByField("- a\n- b\n")).toEqual({ spec: "must be a mapping of fields" });
    expect(detailsByField(null)).toEqual({ spec: "must be a mapping of fields" });
  });

  it("rejects text over 256 KiB, counted in UTF-8 bytes", () => {
    expect(detailsByField(`name: demo\n#${"x".repeat(MAX_TEMPLATE_SPEC_BYTES)}`)).toEqual({ spec: "must be at most 256 KiB" });
    // Fewer characters than the limit, but more bytes.
    expect(detailsByField(`name: demo\n#${"é".repeat(MAX_TEMPLATE_SPEC_BYTES / 2)}`)).toEqual({ spec: "must be at most 256 KiB" });
    expect(parseTemplateSpec(`name: demo\n#${"x".repeat(MAX_TEMPLATE_SPEC_BYTES - 20)}`).name).toBe("demo");
  });
});

describe("parseTemplateSpec: validations name the bad field", () => {
  it("reports unknown keys on their own path", () => {
    expect(
      detailsByField({ name: "demo", displayName: "x", agents: [{ name: "main", scripts: [{ name: "s", run: "x", cmd: "y" }] }] }),
    ).toEqual({ "spec.displayName": "unknown field", "spec.agents.0.scripts.0.cmd": "unknown field" });
  });

  it("reports a missing name and a bad one", () => {
    expect(detailsByField({})).toEqual({ "spec.name": "required" });
    expect(detailsByField({ name: "Node Dev" })["spec.name"]).toBe("lower-case letters, digits and single hyphens between them");
    expect(detailsByField({ name: "x".repeat(33) })["spec.name"]).toBe("at most 32 characters");
  });

  it("reports wrong types in YAML terms", () => {
    expect(detailsByField({ ...minimal, parameters: { a: 1 } })).toEqual({ "spec.parameters": "must be a list" });
    expect(detailsByField({ ...minimal, agents: [{ name: "main", chat: "yes" }] })).toEqual({
      "spec.agents.0.chat": "must be true or false",
    });
    expect(detailsByField({ ...minimal, build: [{ name: "b", run: "x", timeout: "10" }] })).toEqual({
      "spec.build.0.timeout": "must be a number",
    });
  });

  it("checks parameters", () => {
    const details = detailsByField({
      ...minimal,
      parameters: [
        { name: "Bad-Name", type: "string" },
        { name: "n", type: "number", default: "abc" },
        { name: "t", type: "text" },
        { name: "o", type: "string", default: "z", options: [{ name: "A", value: "a" }] },
        { name: "r", type: "string", default: "ABC", validation: { regex: "^[a-z]+$", error: "lower case only" } },
        { name: "bad_regex", type: "string", validation: { regex: "(" } },
        { name: "range", type: "number", validation: { min: 5, max: 1 } },
        { name: "req", type: "string", required: true, default: "x" },
        { name: "flag", type: "bool", validation: { min: 1, regex: "x" } },
        { name: "len", type: "string", validation: { min: -1, max: 1.5 } },
        { name: "opt", type: "number", options: [{ name: "One", value: 1 }, { name: "Word", value: "word" }, { name: "Again", value: "1" }] },
        { name: "n", type: "string" },
      ],
    });
    expect(details).toEqual({
      "spec.parameters.0.name": "a lower-case letter, then lower-case letters, digits and underscores",
      "spec.parameters.1.default": "must be a number",
      "spec.parameters.2.type": "must be one of: string, number, bool",
      "spec.parameters.3.default": "must be one of: a",
      "spec.parameters.4.default": "lower case only",
      "spec.parameters.5.validation.regex": expect.stringMatching(/^invalid regular expression: /),
      "spec.parameters.6.validation.max": "must not be less than min",
      "spec.parameters.7.required": "a parameter with a default cannot be required",
      "spec.parameters.8.validation.min": "bool parameters cannot have min or max",
      "spec.parameters.8.validation.regex": "only string parameters can have a regex",
      "spec.parameters.9.validation.min": "must be a whole number of characters, 0 or more",
      "spec.parameters.9.validation.max": "must be a whole number of characters, 0 or more",
      "spec.parameters.10.options.1.value": "must be a number",
      "spec.parameters.10.options.2.value": 'duplicate option value "1"',
      "spec.parameters.11.name": 'duplicate parameter name "n"',
    });
  });

  it("checks a default against the parameter's range", () => {
    expect(detailsByField({ ...minimal, parameters: [{ name: "n", type: "number", default: 0, validation: { min: 1 } }] })).toEqual({
      "spec.parameters.0.default": "must be at least 1",
    });
  });

  it("checks build steps", () => {
    expect(
      detailsByField({
        ...minimal,
        build: [
          { name: "a", run: "   " },
          { name: "b", run: "x", timeout: 0 },
          { name: "c", run: "x", timeout: 86_401 },
          { name: "a", run: "x" },
          { run: "x" },
        ],
      }),
    ).toEqual({
      "spec.build.0.run": "must not be empty",
      "spec.build.1.timeout": "at least 1 second",
      "spec.build.2.timeout": "at most 86400 seconds",
      "spec.build.3.name": 'duplicate build step name "a"',
      "spec.build.4.name": "required",
    });
  });

  it("checks agents, scripts and apps", () => {
    expect(
      detailsByField({
        ...minimal,
        agents: [
          {
            name: "main",
            connection_timeout: -1,
            display_order: 1.5,
            scripts: [{ name: "s", run: "x", timeout: -1 }, { name: "s", run: "y" }],
            apps: [
              { slug: "web", url: "http://127.0.0.1:3000" },
              { slug: "web", port: 3000 },
              { slug: "Web!", port: 70000, path: "no-slash", share: "everyone", healthcheck: { path: "/", interval: 0 } },
            ],
          },
          { name: "Main", chat: true },
          { name: "main" },
        ],
      }),
    ).toEqual({
      "spec.agents.0.connection_timeout": "0 (never) or more",
      "spec.agents.0.display_order": "must be a whole number",
      "spec.agents.0.scripts.0.timeout": "0 (no timeout) or more",
      "spec.agents.0.scripts.1.name": 'duplicate script name "s"',
      "spec.agents.0.apps.0.port": expect.any(String),
      "spec.agents.0.apps.0.url": "apps name a port inside the workspace now (port: 3000, path: /), not a url",
      "spec.agents.0.apps.1.slug": 'duplicate app slug "web"',
      "spec.agents.0.apps.2.slug": "lower-case letters, digits and single hyphens between them",
      "spec.agents.0.apps.2.port": "1 to 65535",
      "spec.agents.0.apps.2.path": "must start with / and hold no spaces",
      "spec.agents.0.apps.2.share": "must be owner, authenticated or public",
      "spec.agents.0.apps.2.healthcheck.interval": "at least 1 second",
      "spec.agents.1.name": "lower-case letters, digits and single hyphens between them",
      "spec.agents.2.name": 'duplicate agent name "main"',
    });
  });

  it("accepts several chat agents: choosing between them is the chat tools' error to report", () => {
    const spec = parseTemplateSpec({ ...minimal, agents: [{ name: "a", chat: true }, { name: "b", chat: true }] });
    expect(spec.agents.map((agent) => agent.chat)).toEqual([true, true]);
  });

  it("gives one validation per field, joining several problems", () => {
    expect(validationsOf({ name: "X".repeat(33) })).toEqual([
      { field: "spec.name", detail: "at most 32 characters; lower-case letters, digits and single hyphens between them" },
    ]);
  });
});
