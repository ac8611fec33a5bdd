import type { JobStatus } from "@/lib/provisioner/job-status";
import { isJobInProgress } from "@/lib/provisioner/job-status";
import type { ChatActivity } from "./schemas";

/** A chat's activity from its turn status and the status of its bound build's job (null: none). */
export function chatActivity({ status, buildStatus }: { status: "idle" | "running" | "error"; buildStatus: JobStatus | null }): ChatActivity {
  if (status === "error") return "failed";
  // A running turn that waits on a build is waiting on the build, which is what the user watches.
  if (buildStatus !== null && isJobInProgress(buildStatus)) return "building";
  if (status === "running") return "answering";
  return buildStatus === "failed" ? "failed" : "done";
}
