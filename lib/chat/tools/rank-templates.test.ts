import { describe, expect, it } from "vitest";
import { rankTemplate, recommend, type MatchRank, type RankableTemplate } from "./rank-templates";

// docs/chat-tools.md, "list_templates": case-insensitive match on name, display name (exact >
// prefix > contains) then description; non-matching templates are left out; a recommendation
// only when exactly one template matches decisively.

const template = (name: string, displayName = "", description = ""): RankableTemplate => ({ name, displayName, description });

/** Ranks and sorts like list_templates does: best tier first, then by name. */
function rankAll(templates: RankableTemplate[], query: string) {
  return templates
    .map((t) => ({ ...t, rank: rankTemplate(t, query) }))
    .filter((t): t is RankableTemplate & { rank: MatchRank } => t.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
}

describe("rankTemplate", () => {
  it("exact > prefix > contains > description, on name or display name, case-insensitive", () => {
    const templates = [
      template("mynode", "", "plain"),
      template("python", "", "a node.js alternative"),
      template("nodejs", "", "plain"),
      template("node-dev", "Node", "plain"),
      template("go", "", "plain"),
    ];
    expect(rankAll(templates, "NODE").map((t) => [t.name, t.rank])).toEqual([
      ["node-dev", 0], // exact display name
      ["nodejs", 1], // prefix
      ["mynode", 2], // contains
      ["python", 3], // description
    ]);
  });

  it("leaves out templates that match nothing", () => {
    expect(rankTemplate(template("go", "Go", "Go toolchain"), "rust")).toBeNull();
    expect(rankAll([template("go"), template("rust")], "java")).toEqual([]);
  });

  it("the name and the display name both count, the better of the two wins", () => {
    expect(rankTemplate(template("ws-python", "Python"), "python")).toBe(0);
    expect(rankTemplate(template("python", "Snake workspace"), "pyth")).toBe(1);
    expect(rankTemplate(template("x", "Big Python"), "python")).toBe(2);
  });

  it("an empty or blank display name or description never matches by itself", () => {
    expect(rankTemplate(template("go", "", ""), "x")).toBeNull();
  });

  it("an empty or whitespace query matches every template; the query is trimmed", () => {
    expect(rankTemplate(template("go"), "")).toBe(0);
    expect(rankTemplate(template("go"), "   ")).toBe(0);
    expect(rankTemplate(template("go"), "  GO  ")).toBe(0);
  });
});

describe("recommend", () => {
  const ranked = (templates: RankableTemplate[], query: string) => recommend(rankAll(templates, query), query.trim() !== "");

  it("recommends the one exact match even when others match by prefix", () => {
    expect(ranked([template("node"), template("node-dev"), template("nodejs")], "node")?.name).toBe("node");
  });

  it("recommends the one prefix match when nothing matches exactly", () => {
    expect(ranked([template("node-dev"), template("mynode")], "node")?.name).toBe("node-dev");
  });

  it("no recommendation when two templates match equally well", () => {
    expect(ranked([template("node-18"), template("node-20")], "node")).toBeNull();
    expect(ranked([template("a", "Node"), template("node")], "node")).toBeNull();
  });

  it("no recommendation when the best match is only contains or description (not decisive)", () => {
    expect(ranked([template("mynode")], "node")).toBeNull();
    expect(ranked([template("x", "", "runs node")], "node")).toBeNull();
  });

  it("no recommendation when nothing matches", () => {
    expect(ranked([template("go")], "node")).toBeNull();
  });

  it("without a query: the only template is recommended, several are not", () => {
    expect(ranked([template("quick")], "")?.name).toBe("quick");
    expect(ranked([template("quick"), template("node-dev")], "")).toBeNull();
    expect(ranked([], "")).toBeNull();
  });
});
