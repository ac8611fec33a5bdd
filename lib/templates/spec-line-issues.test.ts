import { describe, expect, it } from "vitest";
import { listExampleTemplates } from "./example-templates";
import { specLineIssues } from "./spec-line-issues";

const lines = (...text: string[]) => text.join("\n") + "\n";

describe("specLineIssues", () => {
  it("is empty for every example template", async () => {
    for (const example of await listExampleTemplates()) {
      expect({ name: example.spec.name, issues: specLineIssues(example.source) }).toEqual({ name: example.spec.name, issues: [] });
    }
  });

  it("puts a schema problem on the line of the bad field, with the server's message", () => {
    const text = lines(
      "name: demo", // 1
      "parameters:", // 2
      "  - name: size", // 3
      "    type: number", // 4
      "    default: huge", // 5
      "  - name: flavour", // 6
      "    type: colour", // 7
      "build:", // 8
      "  - name: make", // 9
      "    run: make", // 10
      "    timout: 5", // 11
    );
    expect(specLineIssues(text)).toEqual([
      { line: 5, field: "spec.parameters.0.default", message: "must be a number" },
      { line: 7, field: "spec.parameters.1.type", message: "must be one of: string, number, bool" },
      { line: 11, field: "spec.build.0.timout", message: "unknown field" },
    ]);
  });

  it("points a missing field at the mapping that lacks it, and a nested rule at its key", () => {
    const text = lines(
      "name: demo", // 1
      "parameters:", // 2
      "  - name: word", // 3
      "    type: string", // 4
      "    validation:", // 5
      "      regex: '(a'", // 6
      "agents:", // 7
      "  - chat: true", // 8
    );
    const issues = specLineIssues(text);
    expect(issues.find((i) => i.field === "spec.parameters.0.validation.regex")).toMatchObject({ line: 6 });
    expect(issues.find((i) => i.field === "spec.agents.0.name")).toEqual({ line: 8, field: "spec.agents.0.name", message: "required" });
  });

  it("reports a YAML syntax error at its line", () => {
    const issues = specLineIssues(lines("name: demo", "build:", "  - name: a", "   run: [oops"));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ field: "spec" });
    expect(issues[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("refuses a duplicate key at the line of the second one, and empty or oversized text", () => {
    expect(specLineIssues(lines("name: demo", "network: none", "network: outbound"))[0]).toMatchObject({ line: 3, field: "spec" });
    expect(specLineIssues("  \n")).toEqual([{ line: 1, field: "spec", message: "required" }]);
    expect(specLineIssues(`name: demo\ndescription: "${"x".repeat(300 * 1024)}"\n`)[0]).toMatchObject({ field: "spec", line: 1 });
  });

  it("does not expand an alias bomb", () => {
    const bomb = ["name: demo", "a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    expect(specLineIssues(bomb.join("\n"))).toEqual([{ line: 1, field: "spec", message: expect.stringMatching(/alias/i) }]);
  });
});
