import type { ToolPart } from "@/lib/chat/view/tool-part";

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** "from 10", "10–20", "first 5": read_file's offset (1-based) and limit. */
function lineRange(offset: unknown, limit: unknown): string {
  const from = typeof offset === "number" ? offset : 1;
  return typeof limit === "number" ? `${from}–${from + limit - 1}` : `from ${from}`;
}

/** What the call was asked for, in a line: template, name, parameters, search, path, process. */
export function ToolInputSummary({ part, templateLabels }: { part: ToolPart; templateLabels: ReadonlyMap<string, string> }) {
  const { input } = part;
  const templateId = text(input.template_id);
  const parameters = input.parameters && typeof input.parameters === "object" ? Object.entries(input.parameters) : [];
  const facts = [
    templateId ? ["Template", templateLabels.get(templateId) ?? templateId] : null,
    part.toolName === "create_workspace" ? ["Name", text(input.name) ?? "generated"] : null,
    parameters.length > 0 ? ["Parameters", parameters.map(([name, value]) => `${name}=${String(value)}`).join(", ")] : null,
    text(input.query) ? ["Search", text(input.query)!] : null,
    typeof input.page === "number" && input.page > 1 ? ["Page", String(input.page)] : null,
    text(input.path) ? ["Path", text(input.path)!] : null,
    typeof input.offset === "number" || typeof input.limit === "number" ? ["Lines", lineRange(input.offset, input.limit)] : null,
    text(input.process_id) ? ["Process", text(input.process_id)!] : null,
    text(input.signal) ? ["Signal", text(input.signal)!] : null,
    Array.isArray(input.files) ? ["Files", input.files.map((f: unknown) => (f && typeof f === "object" && "path" in f ? String(f.path) : "?")).join(", ")] : null,
  ].filter((fact): fact is [string, string] => fact !== null);
  if (facts.length === 0) return null;
  return (
    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-600 dark:text-stone-400">
      {facts.map(([term, value]) => (
        <div key={term} className="flex gap-1">
          <dt className="font-medium">{term}:</dt>
          <dd className="break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
