import { config } from "@/lib/config";
import { nextAgentStatusChange } from "@/lib/workspace-agents/next-agent-status-change";
import type { Workspace } from "./schemas";

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

/**
 * The first instant after `now` at which the workspace view would change with no change to the
 * database (an agent's status turning with time alone), or null: a watcher re-reads then, not on
 * a fixed poll.
 */
export function nextWorkspaceStatusChange({ workspace, now }: { workspace: Workspace | null | undefined; now: Date }): Date | null {
  const { agentInactivityTimeoutMs: inactivityTimeoutMs } = config();
  let next: Date | null = null;
  for (const agent of workspace?.agents ?? []) {
    const times = {
      createdAt: new Date(agent.createdAt),
      firstConnectedAt: date(agent.firstConnectedAt),
      lastConnectedAt: date(agent.lastConnectedAt),
      disconnectedAt: date(agent.disconnectedAt),
      connectionTimeoutSeconds: agent.connectionTimeoutSeconds,
    };
    const changesAt = nextAgentStatusChange({ agent: times, now, inactivityTimeoutMs });
    if (changesAt && (!next || changesAt < next)) next = changesAt;
  }
  return next;
}
