import { describe, expect, it } from "vitest";
import { agentView, workspaceView } from "../testing/workspace-view";
import { chatAgent, workspaceState } from "./workspace-state";

describe("workspaceState", () => {
  it("is building while a start build is pending, running or being canceled", () => {
    for (const status of ["pending", "running", "canceling"] as const) {
      expect(workspaceState(workspaceView({ status }), null)).toBe("building");
    }
  });

  it("is failed after a failed or canceled build, whatever its transition", () => {
    expect(workspaceState(workspaceView({ status: "failed" }), null)).toBe("failed");
    expect(workspaceState(workspaceView({ status: "canceled" }), null)).toBe("failed");
    expect(workspaceState(workspaceView({ status: "failed", transition: "stop" }), null)).toBe("failed");
  });

  it("is stopped while stopping and once stopped", () => {
    expect(workspaceState(workspaceView({ status: "running", transition: "stop" }), null)).toBe("stopped");
    expect(workspaceState(workspaceView({ transition: "stop" }), null)).toBe("stopped");
  });

  it("is ready after a start without agents", () => {
    expect(workspaceState(workspaceView(), null)).toBe("ready");
  });

  it("is preparing while the agent connects or runs its startup scripts", () => {
    expect(workspaceState(workspaceView({ agents: [agentView({ status: "connecting", lifecycleState: "created" })] }), null)).toBe("preparing");
    expect(workspaceState(workspaceView({ agents: [agentView({ lifecycleState: "created" })] }), null)).toBe("preparing");
    expect(workspaceState(workspaceView({ agents: [agentView({ lifecycleState: "starting" })] }), null)).toBe("preparing");
  });

  it("is ready when the agent is connected and ready", () => {
    expect(workspaceState(workspaceView({ agents: [agentView()] }), null)).toBe("ready");
  });

  it("is failed when the startup scripts failed or timed out", () => {
    expect(workspaceState(workspaceView({ agents: [agentView({ lifecycleState: "start_error" })] }), null)).toBe("failed");
    expect(workspaceState(workspaceView({ agents: [agentView({ lifecycleState: "start_timeout" })] }), null)).toBe("failed");
  });

  it("is disconnected when the agent is gone or shutting down", () => {
    expect(workspaceState(workspaceView({ agents: [agentView({ status: "disconnected" })] }), null)).toBe("disconnected");
    expect(workspaceState(workspaceView({ agents: [agentView({ status: "timeout", lifecycleState: "created" })] }), null)).toBe("disconnected");
    expect(workspaceState(workspaceView({ agents: [agentView({ lifecycleState: "off" })] }), null)).toBe("disconnected");
  });

  it("judges by the chat's bound agent", () => {
    const bound = agentView({ name: "z", status: "disconnected" });
    const workspace = workspaceView({ agents: [agentView({ name: "a" }), bound] });
    expect(workspaceState(workspace, bound.id)).toBe("disconnected");
    expect(workspaceState(workspace, null)).toBe("ready");
  });
});

describe("chatAgent", () => {
  it("is the bound agent, else the one marked for chat, else the first in display order", () => {
    const first = agentView({ name: "first", displayOrder: 0 });
    const marked = agentView({ name: "marked", displayOrder: 1, isChat: true });
    expect(chatAgent(workspaceView({ agents: [marked, first] }), first.id)).toBe(first);
    expect(chatAgent(workspaceView({ agents: [first, marked] }), null)).toBe(marked);
    expect(chatAgent(workspaceView({ agents: [agentView({ name: "b", displayOrder: 2 }), first] }), null)).toBe(first);
    expect(chatAgent(workspaceView(), null)).toBeNull();
  });
});
