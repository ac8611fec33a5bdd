import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import type { Workspace, WorkspaceBuild } from "@/lib/workspaces/schemas";

// Workspace views as the workspaces API and the chat event stream show them, for unit tests of
// what the chat page derives from them. Each builder takes the fields a test is about.

const AT = "2025-06-01T12:00:00.000Z";
let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`;

export function agentView(more: Partial<WorkspaceAgent> = {}): WorkspaceAgent {
  return {
    id: uuid(),
    name: "main",
    status: "connected",
    lifecycleState: "ready",
    displayOrder: 0,
    isChat: false,
    address: "127.0.0.1:4100",
    firstConnectedAt: AT,
    lastConnectedAt: AT,
    disconnectedAt: null,
    startedAt: null,
    readyAt: null,
    createdAt: AT,
    connectionTimeoutSeconds: 120,
    apps: [],
    scripts: [],
    ...more,
  };
}

export function workspaceView({
  status = "succeeded",
  transition = "start",
  startedAt = null,
  stepCount = 0,
  timings = 0,
  agents = [],
  deleted = false,
}: {
  status?: WorkspaceBuild["status"];
  transition?: WorkspaceBuild["transition"];
  startedAt?: string | null;
  stepCount?: number;
  /** How many build steps have begun. */
  timings?: number;
  agents?: WorkspaceAgent[];
  deleted?: boolean;
} = {}): Workspace {
  const id = uuid();
  return {
    id,
    name: "demo",
    ownerId: uuid(),
    ownerName: "alice",
    organizationId: uuid(),
    templateId: uuid(),
    templateName: "tiny",
    templateDisplayName: "Tiny",
    ttlMs: null,
    deadline: null,
    deleted,
    status: "running",
    createdAt: AT,
    latestBuild: {
      id: uuid(),
      workspaceId: id,
      buildNumber: 1,
      transition,
      status,
      parameters: [],
      createdAt: AT,
      job: { id: uuid(), status, error: null, errorCode: null, createdAt: AT, startedAt, completedAt: null },
      stepCount,
      timings: Array.from({ length: timings }, (_, index) => ({ stage: `step ${index + 1}`, startedAt: AT, endedAt: null, exitCode: null })),
    },
    agents,
  };
}
