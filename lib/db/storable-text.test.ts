import { expect, it } from "vitest";
import { storableJson, storableText, unstorableReason } from "./storable-text";

it("replaces NUL and unpaired surrogates with U+FFFD and keeps paired ones", () => {
  expect(storableText("bin\0ary")).toBe("bin\uFFFDary");
  expect(storableText("a\uD800b\uDC00c")).toBe("a\uFFFDb\uFFFDc");
  expect(storableText("end\uD800")).toBe("end\uFFFD");
  expect(storableText("\uDC00\uD800")).toBe("\uFFFD\uFFFD");
  expect(storableText("emoji 😀 \u00e9")).toBe("emoji 😀 \u00e9");
  expect(storableText("")).toBe("");
});

it("names why a text cannot be stored", () => {
  expect(unstorableReason("fine 😀")).toBeNull();
  expect(unstorableReason("a\0")).toBe("must not contain NUL characters");
  expect(unstorableReason("a\uD800")).toBe("must not contain unpaired UTF-16 surrogates");
});

it("takes linear time on long hostile text", () => {
  const text = "\uD800".repeat(200_000) + "\0".repeat(200_000);
  const cleaned = storableText(text);
  expect(cleaned).toBe("\uFFFD".repeat(400_000));
});

it("makes JSON storable: strings and keys at any depth, the rest unchanged", () => {
  const value = { output: "a\0b", nested: [{ "k\0": "\uD800x", n: 1, ok: true, none: null }], fine: "😀" };
  expect(JSON.parse(storableJson(value))).toEqual({ output: "a\uFFFDb", nested: [{ "k\uFFFD": "\uFFFDx", n: 1, ok: true, none: null }], fine: "😀" });
  expect(storableJson([1, "x"])).toBe('[1,"x"]');
});
