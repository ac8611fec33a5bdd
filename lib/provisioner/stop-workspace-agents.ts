import "server-only";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { JobLogWriter } from "./job-log-writer";

const STAGE = "Stopping agents";

/**
 * Shuts down agent processes of the workspace: those of every earlier build (`exceptJobId`, a
 * new build replaces them) or those one build started (`jobId`, a build that failed or was
 * abandoned). An agent reports `shutting_down → off` itself; one whose process was already gone
 * (or never started) is marked off here, so none stays "connecting" forever.
 */
export async function stopWorkspaceAgents({
  workspaceId,
  exceptJobId,
  jobId,
  logs,
  now = () => new Date(),
}: {
  workspaceId: string;
  logs: JobLogWriter;
  now?: () => Date;
} & ({ exceptJobId: string; jobId?: undefined } | { jobId: string; exceptJobId?: undefined })): Promise<void> {
  const prisma = await db();
  const agents = await prisma.workspaceAgent.findMany({
    where: {
      resource: { job: { build: { workspaceId }, id: jobId ?? { not: exceptJobId } } },
      lifecycleState: { not: "off" },
    },
    select: { id: true, name: true },
  });
  const bus = await pubsub();
  // At once: each may take its grace period, and a build can have dozens.
  await Promise.all(
    agents.map(async (agent) => {
      logs.write(STAGE, `Stopping agent ${agent.name}…`);
      const wasRunning = await stopAgentProcess({ agentId: agent.id });
      const stoppedAt = now();
      // Whatever the agent managed to report, it is off now and not connected.
      await prisma.workspaceAgent.update({
        where: { id: agent.id },
        data: { lifecycleState: "off", disconnectedAt: stoppedAt },
      });
      await Promise.all([
        bus.publish(channels.agent(agent.id), "state"),
        bus.publish(channels.workspace(workspaceId), "agent"),
        publishAccessChange([accessTags.agent(agent.id)]),
      ]);
      logs.write(STAGE, wasRunning ? `Agent ${agent.name} stopped.` : `Agent ${agent.name} was not running.`);
    }),
  );
}
