import "server-only";
import { db } from "@/lib/db/client";
import { storableText } from "@/lib/db/storable-text";
import { AppError } from "@/lib/errors";
import type { AgentRef } from "./authenticate-agent";
import { publishAgentChange } from "./publish-agent-change";
import { MAX_AGENT_LOG_OUTPUT_BYTES, MAX_AGENT_LOGS_PER_REQUEST, truncateUtf8, type AgentLogLine } from "./schemas";

/** Script output as PostgreSQL can store it: cut to size, NUL and lone surrogates replaced. */
function storableOutput(output: string): string {
  return storableText(truncateUtf8(output, MAX_AGENT_LOG_OUTPUT_BYTES));
}

/**
 * Appends an agent's log lines in the order given, all or none: a line naming a script of another
 * agent refuses the whole batch (400). Ids grow in that order, which is what readers follow.
 */
export async function insertAgentLogs({ agent, logs }: { agent: AgentRef; logs: AgentLogLine[] }): Promise<{ count: number }> {
  if (logs.length > MAX_AGENT_LOGS_PER_REQUEST) {
    throw new AppError("bad_request", `at most ${MAX_AGENT_LOGS_PER_REQUEST} lines per request`);
  }
  if (logs.length === 0) return { count: 0 };
  const prisma = await db();
  const scriptIds = [...new Set(logs.flatMap((line) => (line.scriptId ? [line.scriptId] : [])))];
  if (scriptIds.length > 0) {
    const owned = await prisma.workspaceAgentScript.findMany({
      where: { agentId: agent.id, id: { in: scriptIds } },
      select: { id: true },
    });
    const ownedIds = new Set(owned.map((script) => script.id));
    const foreign = logs.flatMap((line, index) =>
      line.scriptId && !ownedIds.has(line.scriptId) ? [{ field: `logs.${index}.scriptId`, detail: "not a script of this agent" }] : [],
    );
    // Scripts are never moved between agents, so the check cannot go stale before the insert.
    // A few validations say enough; a thousand would only bloat the answer.
    if (foreign.length > 0) throw new AppError("bad_request", "Unknown script", { validations: foreign.slice(0, 20) });
  }
  // One multi-row INSERT: PostgreSQL numbers its rows in the order of the VALUES list.
  const { count } = await prisma.workspaceAgentLog.createMany({
    data: logs.map((line) => ({
      agentId: agent.id,
      scriptId: line.scriptId,
      level: line.level,
      output: storableOutput(line.output),
      createdAt: new Date(line.createdAt),
    })),
  });
  await publishAgentChange({ agent, change: "logs" });
  return { count };
}
