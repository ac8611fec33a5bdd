import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { MAX_INPUT_DEPTH, screenInput } from "./screen-input";

/** Nested arrays `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
}

describe("screenInput", () => {
  it("passes storable input through unchanged", () => {
    const value = { name: "dev 😀", list: [1, true, null, "é"], nested: { a: { b: "c" } } };
    expect(screenInput({ value, message: "Validation failed", root: "body" })).toBe(value);
  });

  it("refuses NUL and unpaired surrogates in values and keys, naming each field path", () => {
    const error = refusal(() =>
      screenInput({
        value: { email: "\0", input: { tags: ["ok", "x\uD800"] }, "we\0ird": 1, pair: "😀" },
        message: "Validation failed",
        root: "body",
      }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toBe("Validation failed");
    const byField = (a: { field: string }, b: { field: string }) => a.field.localeCompare(b.field);
    expect(error.validations?.toSorted(byField)).toEqual(
      [
        { field: "email", detail: "must not contain NUL characters" },
        { field: "input.tags.1", detail: "must not contain unpaired UTF-16 surrogates" },
        { field: "we\uFFFDird", detail: "key must not contain NUL characters" },
      ].toSorted(byField),
    );
  });

  it("names the root when the whole value is at fault", () => {
    expect(refusal(() => screenInput({ value: "\0", message: "Invalid path", root: "path" })).validations).toEqual([
      { field: "path", detail: "must not contain NUL characters" },
    ]);
  });

  it(`accepts ${MAX_INPUT_DEPTH} levels of nesting and refuses one more`, () => {
    expect(() => screenInput({ value: nested(MAX_INPUT_DEPTH), message: "m", root: "body" })).not.toThrow();
    const error = refusal(() => screenInput({ value: nested(MAX_INPUT_DEPTH + 1), message: "m", root: "body" }));
    expect(error.validations).toEqual([{ field: Array(MAX_INPUT_DEPTH).fill("0").join("."), detail: `nested deeper than ${MAX_INPUT_DEPTH} levels` }]);
  });

  it("refuses a 200,000-deep array without overflowing the stack", () => {
    expect(refusal(() => screenInput({ value: nested(200_000), message: "m", root: "body" })).status).toBe(400);
  });

  it("lists at most 20 validations", () => {
    const error = refusal(() => screenInput({ value: Array(1000).fill("\0"), message: "m", root: "body" }));
    expect(error.validations).toHaveLength(20);
  });

  it("replaces unstorable text in values and keys when asked to", () => {
    const value = { logs: [{ output: "bin\0ary" }, { output: "\uDC00" }], "k\0": "v" };
    expect(screenInput({ value, message: "m", root: "body", text: "replace" })).toEqual({
      logs: [{ output: "bin\uFFFDary" }, { output: "\uFFFD" }],
      "k\uFFFD": "v",
    });
    expect(screenInput({ value: "\0", message: "m", root: "body", text: "replace" })).toBe("\uFFFD");
  });
});
