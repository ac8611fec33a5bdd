import "server-only";
import { channels } from "@/lib/pubsub/channels";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import { pubsub } from "@/lib/pubsub/pubsub";

/**
 * Tells everyone following a workspace that it changed and, when a job was queued, wakes the
 * provisioners. Called after the transaction commits, so readers find the new rows.
 */
export async function notifyWorkspace({ workspaceId, jobId }: { workspaceId: string; jobId?: string }) {
  const bus = await pubsub();
  await Promise.all([
    bus.publish(channels.workspace(workspaceId), "build"),
    jobId ? bus.publish(channels.provisionerJobs(), jobId) : undefined,
    jobId ? bus.publish(channels.job(jobId), "state") : undefined,
    // A new build changes which agent an app host leads to.
    publishAccessChange([accessTags.workspace(workspaceId)]),
  ]);
}
