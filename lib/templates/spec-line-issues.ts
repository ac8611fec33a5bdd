import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { MAX_TEMPLATE_SPEC_BYTES, MAX_YAML_ALIASES, specErrorMap, specIssues } from "./parse-template-spec";
import { templateSpecSchema } from "./schemas";

/** A problem of a spec text, at the line (1-based) the editor shows it on. */
export type SpecLineIssue = { line: number; field: string; message: string };

/**
 * The node a path leads to, as deep as the text goes: the value of the last key found, or for a
 * key whose value is the problem but absent, the key itself; a missing field points at the
 * mapping that should hold it.
 */
function nodeAt(document: Document, path: readonly PropertyKey[]): Node | null {
  let node = document.contents as Node | null;
  for (const [index, segment] of path.entries()) {
    const isLast = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return node;
      // The last key is where the author typed the field (its value may span lines, or be absent).
      if (isLast || pair.value === null) return pair.key as Node;
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (item === undefined) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

/**
 * Every problem of a template spec text, each at its line, as the server would report it: the
 * YAML parsed client-side with node positions kept, its value checked by the shared spec schema
 * (same messages as `parseTemplateSpec`), each issue's path mapped to the line of its node.
 * Empty when the text would be accepted. Never throws.
 */
export function specLineIssues(text: string): SpecLineIssue[] {
  if (new TextEncoder().encode(text).length > MAX_TEMPLATE_SPEC_BYTES) {
    return [{ line: 1, field: "spec", message: `must be at most ${MAX_TEMPLATE_SPEC_BYTES / 1024} KiB` }];
  }
  if (text.trim() === "") return [{ line: 1, field: "spec", message: "required" }];
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  if (document.errors.length > 0) {
    return document.errors.map((error) => ({
      line: lineOf(error.pos[0]),
      field: "spec",
      message: error.code === "MULTIPLE_DOCS" ? "must be a single YAML document" : error.message.split("\n")[0]!,
    }));
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (cause) {
    return [{ line: 1, field: "spec", message: (cause as Error).message }];
  }
  const result = templateSpecSchema.safeParse(value, { error: specErrorMap });
  if (result.success) return [];
  return specIssues(result.error).map(({ path, detail }) => {
    const node = nodeAt(document, path);
    return { line: node?.range ? lineOf(node.range[0]) : 1, field: ["spec", ...path.map(String)].join("."), message: detail };
  });
}
