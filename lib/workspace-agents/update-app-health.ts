import "server-only";
import { db } from "@/lib/db/client";
import type { AgentRef } from "./authenticate-agent";
import { publishAgentChange } from "./publish-agent-change";
import type { AppHealthReport } from "./schemas";

/**
 * Stores the health the agent measured for its apps. Only apps with a healthcheck take a
 * reported value (an app without one stays disabled, whatever an agent says); unknown slugs are
 * ignored. Followers of the workspace hear about it when anything changed.
 */
export async function updateAppHealth({ agent, report }: { agent: AgentRef; report: AppHealthReport }): Promise<{ updated: number }> {
  const prisma = await db();
  let updated = 0;
  for (const { slug, health } of report.apps) {
    const result = await prisma.workspaceApp.updateMany({
      where: { agentId: agent.id, slug, healthcheckPath: { not: null }, health: { not: health } },
      data: { health },
    });
    updated += result.count;
  }
  if (updated > 0) await publishAgentChange({ agent, change: "state" });
  return { updated };
}
