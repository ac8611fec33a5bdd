/** The agent fields the choice depends on (a workspace_agents row fits). */
export type ChatAgentCandidate = {
  id: string;
  name: string;
  displayOrder: number;
  isChat: boolean;
};

export type ChatAgentSelection<T> = { agent: T | null; error?: never } | { agent?: never; error: string };

function compareText(a: string, b: string): number {
  // Code-unit order, not localeCompare: the choice must not depend on the server's locale.
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

export function compareAgents(a: ChatAgentCandidate, b: ChatAgentCandidate): number {
  return (
    a.displayOrder - b.displayOrder ||
    compareText(a.name.toLowerCase(), b.name.toLowerCase()) ||
    compareText(a.name, b.name) ||
    compareText(a.id, b.id)
  );
}

/**
 * The agent a chat works in (docs/chat-tools.md, "Agent selection for a chat"): the one marked
 * for chat, else the first in display order; several marked is an error naming them.
 * `{agent: null}` when the build has no agents.
 */
export function selectChatAgent<T extends ChatAgentCandidate>(agents: readonly T[]): ChatAgentSelection<T> {
  const sorted = [...agents].sort(compareAgents);
  const marked = sorted.filter((agent) => agent.isChat);
  if (marked.length > 1) {
    return {
      error: `multiple agents are marked for chat: ${marked.map((agent) => agent.name).join(", ")}; only one agent should be`,
    };
  }
  return { agent: marked[0] ?? sorted[0] ?? null };
}

/** The chat's agent: the selection above, falling back to the first when it is an error. */
export function chatAgentOrFirst<T extends ChatAgentCandidate>(agents: readonly T[]): T | null {
  const selection = selectChatAgent(agents);
  if (selection.error === undefined) return selection.agent ?? null;
  return [...agents].sort(compareAgents)[0] ?? null;
}
