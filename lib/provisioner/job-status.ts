/** Where a provisioner job is, derived from its timestamps (the row keeps no status column). */
export type JobStatus = "pending" | "running" | "succeeded" | "failed" | "canceling" | "canceled";

export type JobTimestamps = {
  startedAt: Date | null;
  completedAt: Date | null;
  canceledAt: Date | null;
  error: string | null;
};

export function jobStatus(job: JobTimestamps): JobStatus {
  if (job.completedAt) {
    if (job.canceledAt) return "canceled";
    return job.error ? "failed" : "succeeded";
  }
  if (job.canceledAt) return "canceling";
  return job.startedAt ? "running" : "pending";
}

/** Whether the job is finished one way or another. */
export const isJobDone = (job: JobTimestamps) => job.completedAt !== null;

/** Whether a build with this job status still holds its workspace (a new build must wait). */
export const isJobInProgress = (status: JobStatus) => status === "pending" || status === "running" || status === "canceling";
