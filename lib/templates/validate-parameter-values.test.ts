import { describe, expect, it } from "vitest";
import { AppError, type Validation } from "@/lib/errors";
import { resolveParameterValues, type ResolvableParameter, type ResolveParameterValuesOptions } from "./validate-parameter-values";

const nodeVersion: ResolvableParameter = {
  name: "node_version",
  type: "string",
  default: "20",
  required: false,
  mutable: false,
  options: [{ value: "18" }, { value: "20" }, { value: "22" }],
};
const greeting: ResolvableParameter = {
  name: "greeting",
  type: "string",
  default: "hello",
  required: false,
  mutable: true,
  validation: { regex: "^[a-z ]+$", max: 16, error: "lower-case letters and spaces" },
};
const replicas: ResolvableParameter = {
  name: "replicas",
  type: "number",
  required: true,
  mutable: true,
  validation: { min: 1, max: 5 },
};
const debug: ResolvableParameter = { name: "debug", type: "bool", required: false, mutable: true };
const parameters = [nodeVersion, greeting, replicas, debug];

/** The validations resolveParameterValues throws (fails the test when it does not throw). */
function validationsOf(options: ResolveParameterValuesOptions): Validation[] {
  try {
    resolveParameterValues(options);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("bad_request");
    expect((error as AppError).message).toBe("Invalid parameters");
    return (error as AppError).validations ?? [];
  }
  throw new Error("expected the values to be rejected");
}

describe("resolveParameterValues", () => {
  it("fills defaults and leaves out optional parameters without one, in template order", () => {
    expect(resolveParameterValues({ parameters, values: { replicas: "2" } })).toEqual({
      values: [
        { name: "node_version", value: "20" },
        { name: "greeting", value: "hello" },
        { name: "replicas", value: "2" },
      ],
    });
  });

  it("takes the given values", () => {
    const values = { debug: "true", replicas: "5", greeting: "hi there", node_version: "22" };
    expect(resolveParameterValues({ parameters, values }).values).toEqual([
      { name: "node_version", value: "22" },
      { name: "greeting", value: "hi there" },
      { name: "replicas", value: "5" },
      { name: "debug", value: "true" },
    ]);
  });

  it("answers an empty list for a template without parameters", () => {
    expect(resolveParameterValues({ parameters: [], values: {} })).toEqual({ values: [] });
  });

  it("lists every problem at once", () => {
    const validations = validationsOf({
      parameters,
      values: { node_version: "19", greeting: "Hello!", debug: "yes", colour: "blue" },
    });
    expect(validations).toEqual([
      { field: "parameters.colour", detail: "unknown parameter; this template has: node_version, greeting, replicas, debug" },
      { field: "parameters.node_version", detail: "must be one of: 18, 20, 22" },
      { field: "parameters.greeting", detail: "lower-case letters and spaces" },
      { field: "parameters.replicas", detail: "required" },
      { field: "parameters.debug", detail: 'must be "true" or "false"' },
    ]);
  });

  it.each([
    ["not a number", "many", "must be a number"],
    ["below min", "0", "must be at least 1"],
    ["above max", "6", "must be at most 5"],
    ["not finite", "1e999", "must be a number"],
  ])("checks numbers: %s", (_, value, detail) => {
    expect(validationsOf({ parameters: [replicas], values: { replicas: value } })).toEqual([
      { field: "parameters.replicas", detail },
    ]);
  });

  it("uses the author's error text for a length problem too", () => {
    expect(validationsOf({ parameters: [greeting], values: { greeting: "a".repeat(17) } })).toEqual([
      { field: "parameters.greeting", detail: "lower-case letters and spaces" },
    ]);
  });

  it("rejects values over 4096 characters", () => {
    const free: ResolvableParameter = { name: "notes", type: "string", required: false, mutable: true };
    expect(validationsOf({ parameters: [free], values: { notes: "x".repeat(4097) } })).toEqual([
      { field: "parameters.notes", detail: "must be at most 4096 characters" },
    ]);
  });

  it("rejects unknown names, even ones that exist on every object", () => {
    expect(validationsOf({ parameters: [], values: { constructor: "x" } })).toEqual([
      { field: "parameters.constructor", detail: "unknown parameter: this template has no parameters" },
    ]);
    // And a parameter named like an Object.prototype member is not found there.
    const named: ResolvableParameter = { name: "constructor", type: "string", required: true, mutable: true };
    expect(validationsOf({ parameters: [named], values: {} })).toEqual([{ field: "parameters.constructor", detail: "required" }]);
  });

  it("rejects a value that is not a string", () => {
    const values = { replicas: 3 } as unknown as Record<string, string>;
    expect(validationsOf({ parameters: [replicas], values })).toEqual([{ field: "parameters.replicas", detail: "must be a string" }]);
  });

  describe("with a previous build", () => {
    const previous = { node_version: "18", greeting: "hey", replicas: "3" };

    it("keeps previous values over defaults", () => {
      expect(resolveParameterValues({ parameters, values: {}, previous }).values).toEqual([
        { name: "node_version", value: "18" },
        { name: "greeting", value: "hey" },
        { name: "replicas", value: "3" },
      ]);
    });

    it("changes a mutable parameter", () => {
      const resolved = resolveParameterValues({ parameters, values: { greeting: "yo" }, previous });
      expect(resolved.values).toContainEqual({ name: "greeting", value: "yo" });
    });

    it("accepts an immutable parameter given again unchanged", () => {
      const resolved = resolveParameterValues({ parameters, values: { node_version: "18" }, previous });
      expect(resolved.values).toContainEqual({ name: "node_version", value: "18" });
    });

    it("rejects a change to an immutable parameter", () => {
      expect(validationsOf({ parameters, values: { node_version: "22" }, previous })).toEqual([
        { field: "parameters.node_version", detail: 'cannot be changed once the workspace exists (it is "18")' },
      ]);
    });

    it("lets an immutable parameter added since then take a first value", () => {
      const resolved = resolveParameterValues({ parameters, values: { node_version: "22" }, previous: { replicas: "1" } });
      expect(resolved.values).toContainEqual({ name: "node_version", value: "22" });
    });

    it("lets an immutable parameter leave a value the template no longer accepts", () => {
      const stale = { ...previous, node_version: "16" };
      expect(validationsOf({ parameters, values: {}, previous: stale })).toEqual([
        { field: "parameters.node_version", detail: 'the previous value "16" is no longer valid: must be one of: 18, 20, 22' },
      ]);
      const resolved = resolveParameterValues({ parameters, values: { node_version: "20" }, previous: stale });
      expect(resolved.values).toContainEqual({ name: "node_version", value: "20" });
    });

    it("drops previous values of parameters the template no longer has", () => {
      const resolved = resolveParameterValues({ parameters: [greeting], values: {}, previous: { ...previous, old: "x" } });
      expect(resolved.values).toEqual([{ name: "greeting", value: "hey" }]);
    });
  });

  describe("for a stop or delete build (isStart: false)", () => {
    it("does not require a parameter added since the last start", () => {
      expect(resolveParameterValues({ parameters, values: {}, previous: { node_version: "18" }, isStart: false }).values).toEqual([
        { name: "node_version", value: "18" },
        { name: "greeting", value: "hello" },
      ]);
    });

    it("keeps a previous value the template no longer accepts", () => {
      const resolved = resolveParameterValues({ parameters: [nodeVersion], values: {}, previous: { node_version: "16" }, isStart: false });
      expect(resolved.values).toEqual([{ name: "node_version", value: "16" }]);
    });

    it("still checks values that are given", () => {
      expect(validationsOf({ parameters, values: { debug: "maybe" }, isStart: false })).toEqual([
        { field: "parameters.debug", detail: 'must be "true" or "false"' },
      ]);
    });
  });
});
