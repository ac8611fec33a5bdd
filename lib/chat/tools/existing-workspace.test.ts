import { describe, expect, it } from "vitest";
import type { AgentStatus } from "@/lib/workspace-agents/agent-status";
import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import type { Workspace } from "@/lib/workspaces/schemas";
import { agentView, workspaceView } from "../testing/workspace-view";
import { chatAgentOrFirst } from "@/lib/workspace-agents/select-chat-agent";
import { decideExistingWorkspace, fullName } from "./existing-workspace";

// docs/chat-tools.md, "Existing workspace (step 3)" as a decision table over Workspace views. The
// views carry agent statuses computed at one `now` (lib/workspace-agents/agent-status.ts, tested there), so
// the fixtures state the status directly.

const CREATED_AT = "2025-06-01T12:00:00.000Z";

function agent(name: string, status: AgentStatus, more: Partial<WorkspaceAgent> = {}): WorkspaceAgent {
  const connected = status === "connecting" || status === "timeout" ? null : CREATED_AT;
  return agentView({ name, status, firstConnectedAt: connected, lastConnectedAt: connected, ...more });
}

const workspace = (options: Parameters<typeof workspaceView>[0] = {}): Workspace => ({ ...workspaceView(options), name: "My-Box" });

describe("existing workspace (step 3)", () => {
  it("chat has no workspace → not done (create)", () => {
    expect(decideExistingWorkspace(null)).toEqual({ kind: "create" });
  });

  it("the workspace is deleted → not done (create), whatever its latest build says", () => {
    expect(decideExistingWorkspace(workspace({ deleted: true, agents: [agent("main", "connected")] }))).toEqual({ kind: "create" });
    expect(decideExistingWorkspace(workspace({ deleted: true, status: "running" }))).toEqual({ kind: "create" });
  });

  it.each(["pending", "running"] as const)("latest build still %s → wait for that build (by its id)", (status) => {
    const ws = workspace({ status });
    expect(decideExistingWorkspace(ws)).toEqual({ kind: "building", buildId: ws.latestBuild.id });
  });

  it("latest build canceling counts as still in progress (interpretation: it has not finished yet)", () => {
    const ws = workspace({ status: "canceling" });
    expect(decideExistingWorkspace(ws)).toEqual({ kind: "building", buildId: ws.latestBuild.id });
  });

  it("a build in progress is waited for even when it is a stop build", () => {
    const ws = workspace({ status: "running", transition: "stop" });
    expect(decideExistingWorkspace(ws)).toEqual({ kind: "building", buildId: ws.latestBuild.id });
  });

  it("latest build succeeded with transition stop → stopped", () => {
    expect(decideExistingWorkspace(workspace({ transition: "stop" }))).toEqual({ kind: "stopped" });
  });

  it("latest build succeeded (start), agent connected → already running, startup-script wait without dialling", () => {
    const main = agent("main", "connected");
    expect(decideExistingWorkspace(workspace({ agents: [main] }))).toEqual({ kind: "running", agent: main, isConnected: true });
  });

  it("latest build succeeded (start), agent connecting → still connecting, the full agent wait (dialling)", () => {
    const main = agent("main", "connecting");
    expect(decideExistingWorkspace(workspace({ agents: [main] }))).toEqual({ kind: "running", agent: main, isConnected: false });
  });

  it.each(["disconnected", "timeout"] as const)("latest build succeeded (start), agent %s → not done: a replacement is created", (status) => {
    expect(decideExistingWorkspace(workspace({ agents: [agent("main", status)] }))).toEqual({ kind: "create" });
  });

  it.each(["failed", "canceled"] as const)("latest build %s → not done (create)", (status) => {
    expect(decideExistingWorkspace(workspace({ status, agents: [agent("main", "connected")] }))).toEqual({ kind: "create" });
  });

  it("latest build succeeded (start) with no agents → not done (create)", () => {
    expect(decideExistingWorkspace(workspace({ agents: [] }))).toEqual({ kind: "create" });
  });

  it("latest build succeeded with transition delete → not done (create), like a deleted workspace", () => {
    expect(decideExistingWorkspace(workspace({ transition: "delete" }))).toEqual({ kind: "create" });
  });

  it("the status that decides is the chosen (chat) agent's, not the first agent's", () => {
    const chat = agent("zeta", "connecting", { isChat: true, displayOrder: 5 });
    const first = agent("alpha", "connected");
    expect(decideExistingWorkspace(workspace({ agents: [first, chat] }))).toEqual({ kind: "running", agent: chat, isConnected: false });
    const dead = agent("zeta", "disconnected", { isChat: true, displayOrder: 5 });
    expect(decideExistingWorkspace(workspace({ agents: [first, dead] }))).toEqual({ kind: "create" });
  });

  it("selection failure (several chat agents) falls back to the first agent for the status", () => {
    const first = agent("a", "connected", { isChat: true });
    const second = agent("b", "disconnected", { isChat: true });
    expect(decideExistingWorkspace(workspace({ agents: [second, first] }))).toEqual({ kind: "running", agent: first, isConnected: true });
  });
});

describe("chatAgentOrFirst", () => {
  it("no agents → null", () => {
    expect(chatAgentOrFirst([])).toBeNull();
  });

  it("the one agent marked for chat, wherever it sorts", () => {
    const chat = agent("zeta", "connected", { isChat: true, displayOrder: 9 });
    expect(chatAgentOrFirst([agent("alpha", "connected"), chat])).toBe(chat);
  });

  it("none marked → the first by display order, then lower-case name, then name, then id", () => {
    const byOrder = agent("zeta", "connected", { displayOrder: -1 });
    expect(chatAgentOrFirst([agent("alpha", "connected"), byOrder])).toBe(byOrder);
    const upper = agent("Main", "connected");
    expect(chatAgentOrFirst([agent("main", "connected"), upper, agent("zed", "connected")])).toBe(upper);
  });

  it("selection failure (several marked for chat) falls back to the first agent by the selection order", () => {
    const first = agent("alpha", "connected", { displayOrder: 1 });
    const agents = [agent("b", "connected", { isChat: true, displayOrder: 2 }), agent("c", "connected", { isChat: true, displayOrder: 2 }), first];
    // The first of all agents, marked or not: the same order the selection uses.
    expect(chatAgentOrFirst(agents)).toBe(first);
    const tie = [agent("Beta", "connected", { isChat: true }), agent("alpha", "connected", { isChat: true })];
    expect(chatAgentOrFirst(tie)?.name).toBe("alpha");
  });
});

describe("fullName", () => {
  it("is <owner>/<name>", () => {
    expect(fullName({ ownerName: "alice", name: "My-Box" })).toBe("alice/My-Box");
  });
});
