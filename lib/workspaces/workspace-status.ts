import type { JobStatus } from "@/lib/provisioner/job-status";
import type { WorkspaceStatus, WorkspaceTransition } from "./schemas";

const IN_PROGRESS: Record<WorkspaceTransition, WorkspaceStatus> = { start: "starting", stop: "stopping", delete: "deleting" };
const DONE: Record<WorkspaceTransition, WorkspaceStatus> = { start: "running", stop: "stopped", delete: "deleted" };

/** A workspace's status from its latest build's transition and job status. */
export function workspaceStatus(transition: WorkspaceTransition, job: JobStatus): WorkspaceStatus {
  switch (job) {
    case "pending":
      return "pending";
    case "running":
      return IN_PROGRESS[transition];
    case "succeeded":
      return DONE[transition];
    default:
      return job;
  }
}
