import { templateDetailSummary, templateListSummary } from "@/lib/chat/view/template-summary";
import type { ToolPart } from "@/lib/chat/view/tool-part";

/** A list_templates or read_template result: one line, the details folded under it. */
export function TemplateResult({ part }: { part: ToolPart }) {
  const { summary, items } = part.toolName === "read_template" ? templateDetailSummary(part.output) : templateListSummary(part.output);
  return (
    <details data-testid="tool-outcome" data-outcome="success" className="text-sm">
      <summary className="cursor-pointer rounded-sm focus-visible:outline-2 focus-visible:outline-orange-500">{summary}</summary>
      {items.length > 0 ? (
        <ul className="mt-2 list-disc pl-5 text-stone-700 dark:text-stone-300">
          {items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
