// No "server-only" import: this file touches no database and no secrets, and seed scripts and
// Playwright fixtures (plain Node) load it too. node:fs already keeps it out of client bundles.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { parseTemplateSpec } from "./parse-template-spec";
import type { TemplateSpec } from "./schemas";

export type ExampleTemplate = {
  fileName: string;
  /** The file's text, stored as the template version's source. */
  source: string;
  spec: TemplateSpec;
};

const SPEC_FILE = /\.(?:ya?ml|json)$/;

/**
 * The example templates shipped in prisma/seed/templates (from the working directory unless a
 * directory is given), parsed and sorted by template name. A broken file is an error that names
 * it: these files are ours, so a bad one must fail loudly rather than be skipped.
 */
export async function listExampleTemplates({
  directory = path.join(process.cwd(), "prisma", "seed", "templates"),
}: { directory?: string } = {}): Promise<ExampleTemplate[]> {
  const fileNames = (await readdir(directory)).filter((fileName) => SPEC_FILE.test(fileName));
  const templates = await Promise.all(
    fileNames.map(async (fileName): Promise<ExampleTemplate> => {
      const source = await readFile(path.join(directory, fileName), "utf8");
      try {
        return { fileName, source, spec: parseTemplateSpec(source) };
      } catch (error) {
        const details =
          error instanceof AppError && error.validations
            ? error.validations.map((validation) => `${validation.field}: ${validation.detail}`).join("; ")
            : String(error);
        throw new Error(`example template ${fileName} is invalid: ${details}`, { cause: error });
      }
    }),
  );

  const names = new Set<string>();
  for (const template of templates) {
    if (names.has(template.spec.name)) throw new Error(`two example templates are named "${template.spec.name}"`);
    names.add(template.spec.name);
  }
  return templates.sort((a, b) => (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0));
}
