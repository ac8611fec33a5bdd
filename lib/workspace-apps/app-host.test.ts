import { describe, expect, it } from "vitest";
import { appHostName, parseAppHost } from "./app-host";
import { isAllowedSetCookie, stripKilnCookies } from "./forward-headers";

describe("parseAppHost", () => {
  it("reads an app host and a port host, ignoring the port part and case", () => {
    expect(parseAppHost("Web--Main--Demo--Ada.localhost:3000", "localhost")).toEqual({ slug: "web", port: null, agent: "main", workspace: "demo", owner: "ada" });
    expect(parseAppHost("8080--main--my-box--ada-l.apps.example.com", "apps.example.com")).toEqual({
      slug: null,
      port: 8080,
      agent: "main",
      workspace: "my-box",
      owner: "ada-l",
    });
  });

  it("is null for Kiln's own host and anything malformed", () => {
    for (const host of [
      "localhost:3000",
      "localhost",
      undefined,
      "",
      "web--main--demo.localhost",
      "web--main--demo--ada--x.localhost",
      "web---main--demo--ada.localhost",
      "a.web--main--demo--ada.localhost",
      "web--main--demo--ada.localhost.evil.com",
      "70000--main--demo--ada.localhost",
      "0--main--demo--ada.localhost",
      `${"a-".repeat(200)}--b--c--d.localhost`,
    ]) {
      expect(parseAppHost(host, "localhost")).toBeNull();
    }
  });

  it("round-trips with appHostName", () => {
    const host = appHostName({ target: "web", agent: "main", workspace: "Demo", owner: "Ada", appHostname: "localhost" });
    expect(host).toBe("web--main--demo--ada.localhost");
    expect(parseAppHost(host, "localhost")?.slug).toBe("web");
  });
});

describe("app cookies and Kiln's", () => {
  it("strips Kiln's cookies from what the app gets", () => {
    expect(stripKilnCookies("a=1; kiln_session=s; kiln_app_session=x; b=2")).toBe("a=1; b=2");
    expect(stripKilnCookies("kiln_session=s")).toBeNull();
  });

  it("lets the app set host-only cookies and its own host's, nothing wider and none of Kiln's names", () => {
    const host = "web--main--demo--ada.localhost";
    expect(isAllowedSetCookie("a=1; Path=/", host)).toBe(true);
    expect(isAllowedSetCookie(`a=1; Domain=${host}`, host)).toBe(true);
    expect(isAllowedSetCookie("a=1; Domain=localhost", host)).toBe(false);
    expect(isAllowedSetCookie("a=1; domain=.localhost; Path=/", host)).toBe(false);
    expect(isAllowedSetCookie("kiln_session=x", host)).toBe(false);
    expect(isAllowedSetCookie("kiln_app_session=x", host)).toBe(false);
  });
});
