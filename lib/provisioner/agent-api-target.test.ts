import { describe, expect, it } from "vitest";
import { agentApiTarget } from "./agent-api-target";

const base = "http://127.0.0.1:3000";
const target = (url: string) => agentApiTarget({ url, base })?.href ?? null;

describe("agentApiTarget (what the relay passes from a sandbox to Kiln)", () => {
  it("passes the agent API with its query", () => {
    expect(target("/api/v1/agent/manifest")).toBe("http://127.0.0.1:3000/api/v1/agent/manifest");
    expect(target("/api/v1/agent/logs?after=3")).toBe("http://127.0.0.1:3000/api/v1/agent/logs?after=3");
  });

  it.each([
    "/api/v1/users",
    "/api/v1/agent",
    "/api/v1/agents/x",
    "/",
    "/metrics",
    "/api/v1/agent/../../users",
    "/api/v1/agent/../users/me",
    "/api/v1/agent/%2e%2e/%2e%2e/users",
    "/api/v1/agent/%2E%2E/%2e./workspaces",
    "/api/v1/agent/..\\..\\users",
    "/api/v1/agent/./../chats",
  ])("refuses %s, which leaves the agent API", (url) => {
    expect(target(url)).toBeNull();
  });

  it.each([
    "http://127.0.0.1:3000/api/v1/agent/manifest",
    "http://169.254.169.254/api/v1/agent/manifest",
    "//evil.example/api/v1/agent/manifest",
    "/\\evil.example/api/v1/agent/manifest",
    "api/v1/agent/manifest",
    "*",
    "",
  ])("refuses %s, which is not a plain path on Kiln", (url) => {
    expect(target(url)).toBeNull();
  });

  it("keeps Kiln's origin whatever the path says", () => {
    expect(agentApiTarget({ url: "/api/v1/agent/x", base: "https://kiln.example:8443/" })?.origin).toBe("https://kiln.example:8443");
  });
});
