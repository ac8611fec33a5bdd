import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AgentRef } from "./authenticate-agent";
import { publishAgentChange } from "./publish-agent-change";
import type { AgentLifecycleReport, AgentLifecycleState, ReportedLifecycleState, ScriptStatusReport } from "./schemas";

const START_RESULTS: ReadonlySet<AgentLifecycleState> = new Set(["ready", "start_error", "start_timeout"]);
const SHUTDOWN_DONE: ReadonlySet<AgentLifecycleState> = new Set(["off", "shutdown_error", "shutdown_timeout"]);

/**
 * Which reports make sense from where the agent is. Repeating the current state is always fine
 * (a retried request). `starting` is a new boot, from anywhere. A start result only ends a start:
 * one that arrives after the shutdown began is stale. Shutdown results are always accepted, since
 * an agent may be stopped at any point.
 */
function canReport(from: AgentLifecycleState, to: ReportedLifecycleState): boolean {
  if (from === to || to === "starting") return true;
  if (START_RESULTS.has(to)) return from === "created" || from === "starting";
  if (to === "shutting_down") return !SHUTDOWN_DONE.has(from);
  return true;
}

function lifecycleTimestamps(to: ReportedLifecycleState, now: Date): Prisma.WorkspaceAgentUpdateManyMutationInput {
  if (to === "starting") return { startedAt: now, readyAt: null };
  if (START_RESULTS.has(to)) return { readyAt: now };
  return {};
}

/**
 * Every reported script's status in one statement. A report may carry MAX_SCRIPTS_PER_AGENT
 * scripts: one UPDATE each took 7–9 s for 1,000 scripts on PGlite, past the 5 s an interactive
 * transaction may last, so the largest template could never report. A field the report leaves
 * out keeps its value; null clears it. A script listed twice takes its last entry, as before.
 */
async function updateScripts(tx: Prisma.TransactionClient, agentId: string, scripts: ScriptStatusReport[]): Promise<void> {
  const lastById = new Map(scripts.map((script) => [script.id, script]));
  // JSON.stringify drops undefined fields, so `?` below tells "left out" from null.
  const rows = JSON.stringify([...lastById.values()]);
  await tx.$executeRaw`
    UPDATE workspace_agent_scripts AS s SET
      status = r.j->>'status',
      "exitCode" = CASE WHEN r.j ? 'exitCode' THEN (r.j->>'exitCode')::int ELSE s."exitCode" END,
      "startedAt" = CASE WHEN r.j ? 'startedAt' THEN (r.j->>'startedAt')::timestamptz ELSE s."startedAt" END,
      "endedAt" = CASE WHEN r.j ? 'endedAt' THEN (r.j->>'endedAt')::timestamptz ELSE s."endedAt" END
    FROM jsonb_array_elements(${rows}::jsonb) AS r(j)
    WHERE s.id = (r.j->>'id')::uuid AND s."agentId" = ${agentId}::uuid`;
}

/**
 * Applies an agent's lifecycle report: its state (with startedAt/readyAt) and the statuses of its
 * scripts, all or nothing. A script id of another agent is refused (400) before anything changes.
 */
export async function updateAgentLifecycle({
  agent,
  report,
  now = new Date(),
}: {
  agent: AgentRef;
  report: AgentLifecycleReport;
  now?: Date;
}): Promise<{ lifecycleState: AgentLifecycleState }> {
  const prisma = await db();
  const scripts = report.scripts ?? [];
  await prisma.$transaction(async (tx) => {
    if (scripts.length > 0) {
      const owned = await tx.workspaceAgentScript.findMany({
        where: { agentId: agent.id, id: { in: [...new Set(scripts.map((script) => script.id))] } },
        select: { id: true },
      });
      const ownedIds = new Set(owned.map((script) => script.id));
      const foreign = scripts.flatMap((script, index) =>
        ownedIds.has(script.id) ? [] : [{ field: `scripts.${index}.id`, detail: "not a script of this agent" }],
      );
      if (foreign.length > 0) throw new AppError("bad_request", "Unknown script", { validations: foreign });
    }

    const { lifecycleState: from } = await tx.workspaceAgent.findUniqueOrThrow({
      where: { id: agent.id },
      select: { lifecycleState: true },
    });
    if (!canReport(from, report.state)) {
      throw new AppError("conflict", `agent lifecycle cannot go from ${from} to ${report.state}`);
    }
    if (from !== report.state) {
      // Conditional on the state read above, so two racing reports cannot both pass the check.
      const changed = await tx.workspaceAgent.updateMany({
        where: { id: agent.id, lifecycleState: from },
        data: { lifecycleState: report.state, ...lifecycleTimestamps(report.state, now) },
      });
      if (changed.count === 0) throw new AppError("conflict", "agent lifecycle changed meanwhile; report again");
    }
    if (scripts.length > 0) await updateScripts(tx, agent.id, scripts);
  });
  await publishAgentChange({ agent, change: "state" });
  return { lifecycleState: report.state };
}
