import { describe, expect, it } from "vitest";
import { agentView, workspaceView } from "../testing/workspace-view";
import { formatElapsed, STAGE_LABELS, toolStage } from "./tool-stage";

const STARTED_AT = "2025-06-01T12:00:00.000Z";
const now = Date.parse(STARTED_AT) + 75_000;

function stage(toolName: string, workspace: ReturnType<typeof workspaceView> | null, { isBound = true, agentId = null as string | null } = {}) {
  return toolStage({ toolName, workspace, buildId: isBound ? (workspace?.latestBuild.id ?? null) : null, agentId, now });
}

describe("toolStage", () => {
  it("is starting before a build is bound or its workspace is known", () => {
    expect(stage("create_workspace", null).label).toBe(STAGE_LABELS.starting);
    expect(stage("create_workspace", workspaceView({ status: "running" }), { isBound: false }).label).toBe(STAGE_LABELS.starting);
  });

  it("is starting while the binding still names a build the tool cannot be waiting for", () => {
    // stop_workspace before its stop build is bound: the chat still points at the start build.
    expect(stage("stop_workspace", workspaceView({ transition: "start" })).label).toBe(STAGE_LABELS.starting);
    expect(stage("start_workspace", workspaceView({ transition: "stop" })).label).toBe(STAGE_LABELS.starting);
    // A retry of create after a failed build, before the new build is bound.
    expect(stage("create_workspace", workspaceView({ status: "failed" })).label).toBe(STAGE_LABELS.starting);
  });

  it("waits in the queue while the job is pending, and can cancel it", () => {
    const workspace = workspaceView({ status: "pending", stepCount: 3 });
    expect(stage("create_workspace", workspace)).toEqual({
      label: "Waiting in build queue…",
      step: null,
      elapsedMs: null,
      cancelableBuildId: workspace.latestBuild.id,
    });
  });

  it("builds with steps begun of all and the time since the job started", () => {
    const workspace = workspaceView({ status: "running", startedAt: STARTED_AT, stepCount: 4, timings: 2 });
    expect(stage("create_workspace", workspace)).toEqual({
      label: "Building workspace…",
      step: { current: 2, total: 4 },
      elapsedMs: 75_000,
      cancelableBuildId: workspace.latestBuild.id,
    });
  });

  it("has no step count for a build without steps, and says stopping for a stop build", () => {
    const workspace = workspaceView({ status: "running", transition: "stop", startedAt: STARTED_AT });
    expect(stage("stop_workspace", workspace)).toMatchObject({ label: "Stopping workspace…", step: null, elapsedMs: 75_000 });
  });

  it("cannot cancel a build being canceled", () => {
    const workspace = workspaceView({ status: "canceling", startedAt: STARTED_AT });
    expect(stage("create_workspace", workspace)).toMatchObject({ label: "Building workspace…", cancelableBuildId: null });
  });

  it("never counts elapsed time below zero (clock skew)", () => {
    const workspace = workspaceView({ status: "running", startedAt: new Date(now + 5_000).toISOString() });
    expect(stage("create_workspace", workspace).elapsedMs).toBe(0);
  });

  it("waits for the agent to connect after the build succeeded", () => {
    for (const status of ["connecting", "timeout", "disconnected"] as const) {
      const workspace = workspaceView({ agents: [agentView({ status, lifecycleState: "created" })] });
      expect(stage("create_workspace", workspace)).toEqual({ label: "Waiting for the agent to connect…", step: null, elapsedMs: null, cancelableBuildId: null });
    }
  });

  it("runs startup scripts while the connected agent is created or starting", () => {
    for (const lifecycleState of ["created", "starting"] as const) {
      const workspace = workspaceView({ agents: [agentView({ lifecycleState })] });
      expect(stage("start_workspace", workspace).label).toBe("Running startup scripts…");
    }
  });

  it("follows the bound agent over the one the tools would choose", () => {
    const bound = agentView({ name: "b", lifecycleState: "starting" });
    const workspace = workspaceView({ agents: [agentView({ name: "a", isChat: true }), bound] });
    expect(stage("create_workspace", workspace, { agentId: bound.id }).label).toBe("Running startup scripts…");
    expect(stage("create_workspace", workspace).label).toBe(STAGE_LABELS.finishing);
  });

  it("is finishing once there is nothing left to wait for", () => {
    expect(stage("create_workspace", workspaceView()).label).toBe(STAGE_LABELS.finishing);
    expect(stage("create_workspace", workspaceView({ agents: [agentView()] })).label).toBe(STAGE_LABELS.finishing);
    expect(stage("stop_workspace", workspaceView({ transition: "stop" })).label).toBe("Stopping workspace…");
  });
});

describe("formatElapsed", () => {
  it("reads seconds, then minutes and seconds, then hours and minutes", () => {
    expect(formatElapsed(0)).toBe("0s");
    expect(formatElapsed(59_999)).toBe("59s");
    expect(formatElapsed(65_000)).toBe("1m 05s");
    expect(formatElapsed(3_600_000 + 2 * 60_000 + 30_000)).toBe("1h 02m");
  });
});
