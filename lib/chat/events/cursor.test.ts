import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, START_CURSOR } from "./cursor";

describe("chat event cursor", () => {
  it("round-trips", () => {
    const cursor = { m: 42, c: "abc", w: "def", b: { id: "11111111-1111-4111-8111-111111111111", after: 5000, done: true }, a: null };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(encodeCursor(START_CURSOR))).toEqual(START_CURSOR);
  });

  it("refuses what is not one of ours with a clear error", () => {
    for (const text of ["", "garbage", Buffer.from("{}").toString("base64url"), Buffer.from('{"m":-1,"c":"","w":"","b":null,"a":null}').toString("base64url")]) {
      expect(() => decodeCursor(text)).toThrow(AppError);
    }
  });
});
