import { describe, expect, it } from "vitest";
import { capUtf8 } from "./cap-utf8";

describe("capUtf8", () => {
  it("keeps short text, cuts long text before a character that does not fit", () => {
    expect(capUtf8("hello", 10)).toBe("hello");
    expect(capUtf8("héllo", 2)).toBe("h");
    expect(capUtf8("héllo", 3)).toBe("hé");
    expect(capUtf8("a😀b", 4)).toBe("a");
    expect(Buffer.byteLength(capUtf8("ü".repeat(40_000), 32 * 1024))).toBe(32 * 1024);
  });
});
