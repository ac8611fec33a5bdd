import { describe, expect, it } from "vitest";
import { ByteRing } from "./byte-ring";

describe("ByteRing", () => {
  it("reads from any kept offset across the wrap, and refuses what is gone", () => {
    const ring = new ByteRing(10);
    let all = "";
    for (const piece of ["abc", "defg", "hijklm", "n", "opqrstuvwxyz0123"]) {
      expect(ring.append(Buffer.from(piece))).toBe((all += piece).length);
      for (let offset = 0; offset <= all.length; offset++) {
        const read = ring.readFrom(offset);
        if (offset < Math.max(0, all.length - 10)) expect(read).toBeNull();
        else expect(read?.toString()).toBe(all.slice(offset));
      }
    }
    expect(ring.readFrom(all.length + 1)).toBeNull();
    expect(ring.start).toBe(all.length - 10);
  });
});
