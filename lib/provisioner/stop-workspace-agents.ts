import "server-only";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { JobLogWriter } from "./job-log-writer";

const STAGE = "Stopping agents";

/**
 * Shuts down the agent processes of every earlier build of the workspace. An agent reports
 * `shutting_down → off` itself; one whose process was already gone is marked off here.
 */
export async function stopWorkspaceAgents({
  workspaceId,
  exceptJobId,
  logs,
  now = () => new Date(),
}: {
  workspaceId: string;
  exceptJobId: string;
  logs: JobLogWriter;
  now?: () => Date;
}): Promise<void> {
  const prisma = await db();
  const agents = await prisma.workspaceAgent.findMany({
    where: {
      resource: { job: { build: { workspaceId }, id: { not: exceptJobId } } },
      lifecycleState: { not: "off" },
    },
    select: { id: true, name: true },
  });
  const bus = await pubsub();
  for (const agent of agents) {
    logs.write(STAGE, `Stopping agent ${agent.name}…`);
    const wasRunning = await stopAgentProcess({ agentId: agent.id });
    const stoppedAt = now();
    // Whatever the agent managed to report, it is off now and not connected.
    await prisma.workspaceAgent.update({
      where: { id: agent.id },
      data: { lifecycleState: "off", disconnectedAt: stoppedAt },
    });
    await Promise.all([bus.publish(channels.agent(agent.id), "state"), bus.publish(channels.workspace(workspaceId), "agent")]);
    logs.write(STAGE, wasRunning ? `Agent ${agent.name} stopped.` : `Agent ${agent.name} was not running.`);
  }
}
