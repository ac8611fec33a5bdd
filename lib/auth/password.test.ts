import { scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";

describe("hashPassword / verifyPassword", () => {
  it("verifies the password a hash was made from", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
  });

  it("stores scrypt parameters, salt and key as scrypt$N$r$p$salt$hash in base64url", async () => {
    const stored = await hashPassword("password 123");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain("password 123");
  });

  it("salts every hash: the same password hashes differently twice, and both verify", async () => {
    const [first, second] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    expect(first).not.toBe(second);
    expect(await verifyPassword("same", first)).toBe(true);
    expect(await verifyPassword("same", second)).toBe(true);
  });

  it("refuses a wrong password, including one that differs only in case or a trailing space", async () => {
    const stored = await hashPassword("Secret");
    const results = await Promise.all(["secret", "Secret ", "", "Secre"].map((wrong) => verifyPassword(wrong, stored)));
    expect(results).toEqual([false, false, false, false]);
  });

  it("compares passwords after NFKC normalisation, so the same text typed differently verifies", async () => {
    // "é" precomposed (U+00E9) and as "e" + combining acute accent (U+0301).
    const stored = await hashPassword("caf\u00e9");
    expect(await verifyPassword("cafe\u0301", stored)).toBe(true);
  });

  it("still verifies a hash made with other scrypt parameters, read from the stored value", async () => {
    // The same format with N=2^14, as an older Kiln could have stored it: the parameters are
    // read from the stored value, so raising them later keeps old hashes valid.
    const stored = await hashPassword("old password");
    const [, , r, p, salt] = stored.split("$");
    const key = scryptSync("old password", Buffer.from(salt!, "base64url"), 32, { N: 2 ** 14, r: 8, p: 1 });
    const older = ["scrypt", 2 ** 14, r, p, salt, key.toString("base64url")].join("$");
    expect(await verifyPassword("old password", older)).toBe(true);
    expect(await verifyPassword("other", older)).toBe(false);
  });

  it("returns false for stored values that are not a complete scrypt hash", async () => {
    const stored = await hashPassword("pw");
    const parts = stored.split("$");
    const malformed = [
      "",
      "pw",
      `bcrypt$${parts.slice(1).join("$")}`, // another scheme
      parts.slice(0, 5).join("$"), // the key is missing
      [...parts.slice(0, 4), "", parts[5]].join("$"), // empty salt
      [...parts.slice(0, 5), parts[5]!.slice(0, 20)].join("$"), // truncated key
      [...parts.slice(0, 5), `${parts[5]}AAAA`].join("$"), // key too long
    ];
    const results = await Promise.all(malformed.map((value) => verifyPassword("pw", value)));
    expect(results).toEqual(malformed.map(() => false));
  });
});

describe("burnPasswordCheck", () => {
  it("resolves without revealing anything, for any password", async () => {
    await expect(burnPasswordCheck("anything")).resolves.toBeUndefined();
    await expect(burnPasswordCheck("")).resolves.toBeUndefined();
  });
});
