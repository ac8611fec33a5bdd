import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { ownedBy } from "@/lib/workspaces/owned-by";
import type { AgentLog } from "./schemas";

/** Lifecycle states in which startup scripts may still write output. */
const SCRIPTS_RUNNING = new Set(["created", "starting"]);

/** An agent's startup-script logs as a source: lines after a cursor, and whether they are over. */
export async function getAgentLogSource({ agentId, actor }: { agentId: string; actor: Actor }) {
  const prisma = await db();
  const agent = await prisma.workspaceAgent.findFirst({
    where: { id: agentId, resource: { job: { build: { workspace: ownedBy(actor) } } } },
    select: { id: true },
  });
  if (!agent) throw notFound("agent");
  return {
    agentId,
    load: async (after: number, limit = 10_000): Promise<AgentLog[]> => {
      const rows = await prisma.workspaceAgentLog.findMany({
        where: { agentId, id: { gt: BigInt(after) } },
        orderBy: { id: "asc" },
        take: limit,
      });
      return rows.map((row) => ({
        id: Number(row.id),
        createdAt: row.createdAt.toISOString(),
        level: row.level,
        scriptId: row.scriptId,
        output: row.output,
      }));
    },
    isDone: async () => {
      const row = await prisma.workspaceAgent.findUnique({ where: { id: agentId }, select: { lifecycleState: true } });
      return !row || !SCRIPTS_RUNNING.has(row.lifecycleState);
    },
  };
}
