import { describe, expect, it } from "vitest";
import { selectChatAgent, type ChatAgentCandidate } from "./select-chat-agent";

const agent = (name: string, more: Partial<ChatAgentCandidate> = {}): ChatAgentCandidate => ({
  id: `id-${name}`,
  name,
  displayOrder: 0,
  isChat: false,
  ...more,
});

describe("selectChatAgent", () => {
  it("answers null when there are no agents", () => {
    expect(selectChatAgent([])).toEqual({ agent: null });
  });

  it("takes the one agent marked for chat, wherever it sorts", () => {
    const chat = agent("zeta", { isChat: true, displayOrder: 9 });
    expect(selectChatAgent([agent("alpha"), chat, agent("beta")])).toEqual({ agent: chat });
  });

  it("takes the first agent by display order when none is marked", () => {
    const first = agent("zeta", { displayOrder: -1 });
    expect(selectChatAgent([agent("alpha"), first, agent("beta", { displayOrder: 1 })])).toEqual({ agent: first });
  });

  it("breaks ties by lower-case name, then name, then id", () => {
    expect(selectChatAgent([agent("beta"), agent("Alpha"), agent("alpha-2")]).agent?.name).toBe("Alpha");
    // Same lower-case name: code-unit order puts upper case first.
    expect(selectChatAgent([agent("main"), agent("Main")]).agent?.name).toBe("Main");
    const byId = [agent("main", { id: "b" }), agent("main", { id: "a" })];
    expect(selectChatAgent(byId).agent?.id).toBe("a");
  });

  it("does not reorder the caller's list", () => {
    const agents = [agent("b"), agent("a")];
    selectChatAgent(agents);
    expect(agents.map((a) => a.name)).toEqual(["b", "a"]);
  });

  it("reports several agents marked for chat, in sorted order", () => {
    const result = selectChatAgent([
      agent("web", { isChat: true }),
      agent("api", { isChat: true, displayOrder: 2 }),
      agent("db", { isChat: true }),
      agent("other"),
    ]);
    expect(result).toEqual({ error: "multiple agents are marked for chat: db, web, api; only one agent should be" });
  });

  it("keeps the caller's row type", () => {
    const rows = [{ ...agent("main", { isChat: true }), lifecycleState: "ready" }];
    const result = selectChatAgent(rows);
    expect(result.agent?.lifecycleState).toBe("ready");
  });
});
