import { describe, expect, it } from "vitest";
import { followedAgentId } from "./followed-agent";
import { agentView, workspaceView } from "../testing/workspace-view";

describe("followedAgentId", () => {
  it("is the bound agent once the tool bound it", () => {
    expect(followedAgentId({ agentId: "bound", buildId: "b" }, null)).toBe("bound");
  });

  it("is the bound build's chat agent while the tool still waits for it", () => {
    const workspace = workspaceView({ agents: [agentView({ id: "a1", name: "main" })] });
    expect(followedAgentId({ agentId: null, buildId: workspace.latestBuild.id }, workspace)).toBe("a1");
  });

  it("is none when the workspace's latest build is not the bound one, or there is no workspace", () => {
    const workspace = workspaceView({ agents: [agentView({ id: "a1", name: "main" })] });
    expect(followedAgentId({ agentId: null, buildId: "another" }, workspace)).toBeNull();
    expect(followedAgentId({ agentId: null, buildId: null }, null)).toBeNull();
    const stopping = workspaceView({ transition: "stop", agents: [agentView({ id: "a1", name: "main" })] });
    expect(followedAgentId({ agentId: null, buildId: stopping.latestBuild.id }, stopping)).toBeNull();
  });
});
