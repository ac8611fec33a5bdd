import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listExampleTemplates } from "./example-templates";

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function directoryWith(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), "kiln-templates-"));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(directory, name), text);
  return directory;
}

describe("listExampleTemplates", () => {
  it("reads the seed templates from the working directory, sorted by name", async () => {
    const templates = await listExampleTemplates();
    expect(templates.map((template) => template.spec.name)).toEqual(["broken-build", "broken-startup", "node-dev", "quick"]);
    for (const template of templates) {
      expect(template.fileName).toBe(`${template.spec.name}.yaml`);
      expect(template.source).toContain(`name: ${template.spec.name}`);
    }
  });

  it("reads YAML and JSON files of another directory and ignores the rest", async () => {
    const directory = directoryWith({
      "b.yaml": "name: bravo\n",
      "a.json": '{"name": "charlie"}',
      "c.yml": "name: alpha\n",
      "README.md": "not a template",
    });
    const templates = await listExampleTemplates({ directory });
    expect(templates.map((template) => [template.fileName, template.spec.name])).toEqual([
      ["c.yml", "alpha"],
      ["b.yaml", "bravo"],
      ["a.json", "charlie"],
    ]);
  });

  it("names the file and the field of a broken template", async () => {
    const directory = directoryWith({ "bad.yaml": "name: bad\nbuild: [{name: x}]\n" });
    await expect(listExampleTemplates({ directory })).rejects.toThrow(
      "example template bad.yaml is invalid: spec.build.0.run: required",
    );
  });

  it("rejects two templates with the same name", async () => {
    const directory = directoryWith({ "a.yaml": "name: same\n", "b.yaml": "name: same\n" });
    await expect(listExampleTemplates({ directory })).rejects.toThrow('two example templates are named "same"');
  });
});
