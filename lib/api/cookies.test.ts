import { describe, expect, it } from "vitest";
import { readCookie, serializeCookie } from "./cookies";

describe("readCookie", () => {
  it("returns null without a Cookie header or without the cookie", () => {
    expect(readCookie(null, "kiln_session")).toBeNull();
    expect(readCookie("", "kiln_session")).toBeNull();
    expect(readCookie("theme=dark; lang=en", "kiln_session")).toBeNull();
  });

  it("finds the named cookie among others, trimming the spaces around it", () => {
    const header = "theme=dark;  kiln_session=abc123 ; lang=en";
    expect(readCookie(header, "kiln_session")).toBe("abc123");
    expect(readCookie(header, "theme")).toBe("dark");
    expect(readCookie(header, "lang")).toBe("en");
  });

  it("matches the whole name, not a prefix or suffix of another cookie's name", () => {
    expect(readCookie("kiln_session_old=old; xkiln_session=x", "kiln_session")).toBeNull();
    expect(readCookie("kiln_session_old=old; kiln_session=new", "kiln_session")).toBe("new");
  });

  it("keeps '=' inside the value and percent-decodes it", () => {
    expect(readCookie("kiln_session=a=b==", "kiln_session")).toBe("a=b==");
    expect(readCookie("kiln_session=a%3Bb%20c", "kiln_session")).toBe("a;b c");
  });

  it("skips parts without '=' and returns an empty value as the empty string", () => {
    expect(readCookie("garbage; kiln_session=v", "kiln_session")).toBe("v");
    expect(readCookie("kiln_session=", "kiln_session")).toBe("");
  });

  it("returns the first of two cookies of the same name", () => {
    expect(readCookie("kiln_session=first; kiln_session=second", "kiln_session")).toBe("first");
  });
});

describe("serializeCookie", () => {
  it("writes an httpOnly, SameSite=Lax, whole-site cookie with its Max-Age", () => {
    expect(serializeCookie("kiln_session", "abc", { maxAgeSeconds: 3600, secure: false })).toBe(
      "kiln_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600",
    );
  });

  it("adds Secure only when asked", () => {
    expect(serializeCookie("kiln_session", "abc", { maxAgeSeconds: 60, secure: true })).toBe(
      "kiln_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure",
    );
  });

  it("rounds Max-Age down to whole seconds and never writes a negative one", () => {
    expect(serializeCookie("c", "v", { maxAgeSeconds: 59.9, secure: false })).toMatch(/; Max-Age=59$/);
    expect(serializeCookie("c", "v", { maxAgeSeconds: -5, secure: false })).toMatch(/; Max-Age=0$/);
  });

  it("deletes the cookie with an empty value and Max-Age=0", () => {
    expect(serializeCookie("kiln_session", "", { maxAgeSeconds: 0, secure: false })).toBe(
      "kiln_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
    );
  });

  it("percent-encodes a value that would break the header, and readCookie reads it back", () => {
    const value = "a;b c,d=é";
    const cookie = serializeCookie("kiln_session", value, { maxAgeSeconds: 1, secure: false });
    const pair = cookie.split("; ")[0]!;
    expect(pair).not.toMatch(/[;, ]/);
    expect(readCookie(`other=1; ${pair}`, "kiln_session")).toBe(value);
  });
});
