import { describe, expect, it } from "vitest";
import { createAppCookieVerifier, signAppCookie } from "./app-cookie";

const secret = "s".repeat(43);
const host = "web--main--demo--ada.localhost";
const expiresAt = new Date("2026-12-02T12:00:00Z");
const before = new Date(expiresAt.getTime() - 1000);

describe("createAppCookieVerifier", () => {
  it("accepts a signed cookie for its host until it expires, remembered or not", () => {
    const verify = createAppCookieVerifier();
    const value = signAppCookie({ secret, credentialId: "credential-1", host, expiresAt });
    expect(verify({ secret, value, host, now: before })).toBe("credential-1");
    expect(verify({ secret, value, host, now: before })).toBe("credential-1");
    // Remembered, but expiry is still the caller's `now`.
    expect(verify({ secret, value, host, now: expiresAt })).toBeNull();
  });

  it("refuses a cookie of another host, another secret, or a forged one, even after its real one was remembered", () => {
    const verify = createAppCookieVerifier();
    const value = signAppCookie({ secret, credentialId: "credential-1", host, expiresAt });
    expect(verify({ secret, value, host, now: before })).toBe("credential-1");
    expect(verify({ secret, value, host: "other--main--demo--ada.localhost", now: before })).toBeNull();
    expect(verify({ secret: "t".repeat(43), value, host, now: before })).toBeNull();
    const [version, , expires, mac] = value.split(".");
    expect(verify({ secret, value: `${version}.credential-2.${expires}.${mac}`, host, now: before })).toBeNull();
    // The first format (no version): refused, whatever it carries.
    expect(verify({ secret, value: value.split(".").slice(1).join("."), host, now: before })).toBeNull();
    expect(verify({ secret, value: `${value.slice(0, -1)}x`, host, now: before })).toBeNull();
    expect(verify({ secret, value: null, host, now: before })).toBeNull();
  });
});
