import { expect, it } from "vitest";
import { fieldChanges } from "./field-changes";

it("keeps only the fields whose value changed, comparing as JSON", () => {
  expect(fieldChanges({ a: 1, b: [1, 2], c: "x" }, { a: 2, b: [1, 2], c: "x" })).toEqual({ a: { before: 1, after: 2 } });
});

it("counts a field on one side only as changed from or to null", () => {
  expect(fieldChanges(null, { name: "n" })).toEqual({ name: { before: null, after: "n" } });
  expect(fieldChanges({ gone: true }, {})).toEqual({ gone: { before: true, after: null } });
  expect(fieldChanges({ same: null }, {})).toEqual({});
});
