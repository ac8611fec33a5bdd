import { describe, expect, it } from "vitest";
import { hasOneHost, originFormTarget } from "./request-target";

describe("originFormTarget", () => {
  it("passes origin-form and * on, turns absolute-form for the request's Host into path and query", () => {
    const host = "web--main--demo--ada.localhost:3000";
    expect(originFormTarget({ url: "/a/b?c=1", host })).toBe("/a/b?c=1");
    expect(originFormTarget({ url: "*", host })).toBe("*");
    expect(originFormTarget({ url: `http://${host}/.kiln/auth?token=t`, host })).toBe("/.kiln/auth?token=t");
    expect(originFormTarget({ url: `HTTP://WEB--main--demo--ada.localhost:3000`, host })).toBe("/");
  });

  it("refuses absolute-form naming another host or port, another scheme, or no URL at all", () => {
    const host = "web--main--demo--ada.localhost:3000";
    for (const url of ["http://elsewhere.example/a", "http://web--main--demo--ada.localhost:3001/a", "ftp://web--main--demo--ada.localhost:3000/a", "a/b", "http://"]) {
      expect(originFormTarget({ url, host }), url).toBeNull();
    }
  });

  it("says whether a request has exactly one Host, whatever its case", () => {
    expect(hasOneHost(["Host", "a", "Accept", "*/*"])).toBe(true);
    expect(hasOneHost(["Host", "a", "HOST", "b"])).toBe(false);
    expect(hasOneHost(["Accept", "*/*"])).toBe(false);
  });
});
