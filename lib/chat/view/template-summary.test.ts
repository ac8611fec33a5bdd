import { describe, expect, it } from "vitest";
import { templateDetailSummary, templateListSummary } from "./template-summary";

describe("templateListSummary", () => {
  it("names the templates, with descriptions and the recommended one marked in the items", () => {
    const output = {
      templates: [
        { id: "t1", name: "tiny", description: "Smallest" },
        { id: "t2", name: "node", display_name: "Node.js" },
      ],
      page: 1,
      recommended_template_id: "t2",
      next_step: "use it",
    };
    expect(templateListSummary(output)).toEqual({ summary: "2 templates: tiny, node", items: ["tiny: Smallest", "Node.js (node) (recommended)"] });
  });

  it("passes on next_step when nothing matched", () => {
    expect(templateListSummary({ templates: [], page: 1, next_step: "retry without a query" })).toEqual({
      summary: "No templates found",
      items: ["retry without a query"],
    });
  });
});

describe("templateDetailSummary", () => {
  it("names the template and lists its parameters", () => {
    const output = {
      template: { id: "t1", name: "node", display_name: "Node.js", active_version_id: "v" },
      parameters: [
        { name: "version", type: "string", required: false, mutable: true, default: "22" },
        { name: "repo", display_name: "Repository", type: "string", required: true, mutable: false },
      ],
    };
    expect(templateDetailSummary(output)).toEqual({
      summary: "Node.js (node): 2 parameters",
      items: ["version — default 22", "repo (Repository) — required"],
    });
  });

  it("copes with an unexpected result", () => {
    expect(templateDetailSummary(null)).toEqual({ summary: "Template: 0 parameters", items: [] });
  });
});
