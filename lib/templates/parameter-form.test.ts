import { describe, expect, it } from "vitest";
import { initialParameterValues, parameterFieldError, parameterValuesToSend, serverParameterErrors } from "./parameter-form";
import type { TemplateParameterView } from "./schemas";

const word: TemplateParameterView = { name: "word", type: "string", required: true, mutable: false, validation: { regex: "^[a-z]+$", error: "lower-case letters only" } };
const size: TemplateParameterView = { name: "size", type: "number", required: false, mutable: true, default: "2", validation: { min: 1, max: 8 } };
const flag: TemplateParameterView = { name: "flag", type: "bool", required: false, mutable: true };
const colour: TemplateParameterView = { name: "colour", type: "string", required: true, mutable: true, options: [{ name: "Red", value: "red" }, { name: "Blue", value: "blue" }] };

describe("parameter form", () => {
  it("starts from the current values, else the default, false for bools, the first option", () => {
    expect(initialParameterValues([word, size, flag, colour])).toEqual({ word: "", size: "2", flag: "false", colour: "red" });
    expect(initialParameterValues([word, size], { word: "abc", size: "5" })).toEqual({ word: "abc", size: "5" });
  });

  it("checks a typed value as the server does: required, the author's regex (RE2), bounds", () => {
    expect(parameterFieldError(word, "")).toBe("required");
    expect(parameterFieldError(word, "ABC")).toBe("lower-case letters only");
    expect(parameterFieldError(word, "abc")).toBeNull();
    expect(parameterFieldError(size, "")).toBeNull();
    expect(parameterFieldError(size, "9")).toBe("must be at most 8");
    expect(parameterFieldError(size, "x")).toBe("must be a number");
  });

  it("leaves empty values out of the request and reads the server's per-field answers", () => {
    expect(parameterValuesToSend({ word: "abc", size: "" })).toEqual({ word: "abc" });
    expect(serverParameterErrors([{ field: "parameters.word", detail: "nope" }, { field: "name", detail: "taken" }])).toEqual({ word: "nope" });
  });
});
