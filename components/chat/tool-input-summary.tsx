import type { ToolPart } from "@/lib/chat/view/tool-part";

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** What the call was asked for, in a line: template, name, parameters, search. */
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
