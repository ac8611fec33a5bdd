import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ExampleTemplate } from "./example-templates";
import { insertTemplate } from "./insert-template";

/**
 * Creates the example templates in an organisation, inside the caller's transaction, skipping any
 * whose name the organisation already has (so running it again changes nothing). The caller
 * reads the files beforehand (listExampleTemplates): file reads inside an interactive
 * transaction would hold it open, which the single-connection PGlite cannot afford.
 * Returns the names of the templates it created.
 */
export async function seedExampleTemplates({
  tx,
  organizationId,
  createdById,
  examples,
}: {
  tx: Prisma.TransactionClient;
  organizationId: string;
  createdById: string | null;
  examples: ExampleTemplate[];
}): Promise<string[]> {
  const existing = await tx.template.findMany({
    where: { organizationId, name: { in: examples.map((example) => example.spec.name) } },
    select: { name: true },
  });
  const taken = new Set(existing.map((template) => template.name));
  const created: string[] = [];
  // One after another: a transaction runs one statement at a time anyway.
  for (const { spec, source } of examples) {
    if (taken.has(spec.name)) continue;
    await insertTemplate(tx, { organizationId, spec, source, createdById });
    created.push(spec.name);
  }
  return created;
}
