import { isResult, templateLabel, templatesOf } from "@/lib/chat/tools/tool-results";

/** A list_templates or read_template result, short: one summary line and the items behind it. */
export type TemplateSummary = { summary: string; items: string[] };

/** list_templates: how many templates, by name; the `next_step` of docs/chat-tools.md ("list_templates") when none matched. */
export function templateListSummary(output: unknown): TemplateSummary {
  const templates = templatesOf(output);
  if (templates.length === 0) {
    const nextStep = isResult(output) && typeof output.next_step === "string" ? output.next_step : undefined;
    return { summary: "No templates found", items: nextStep ? [nextStep] : [] };
  }
  const recommended = isResult(output) ? output.recommended_template_id : undefined;
  return {
    summary: `${templates.length} template${templates.length === 1 ? "" : "s"}: ${templates.map((t) => t.name).join(", ")}`,
    items: templates.map((t) => {
      const label = `${templateLabel(t)}${t.id === recommended ? " (recommended)" : ""}`;
      return t.description ? `${label}: ${t.description}` : label;
    }),
  };
}

/** read_template: the template's name and its parameters. */
export function templateDetailSummary(output: unknown): TemplateSummary {
  const [template] = templatesOf({ templates: [isResult(output) ? output.template : undefined] });
  const parameters = isResult(output) && Array.isArray(output.parameters) ? output.parameters.filter(isResult) : [];
  const count = `${parameters.length} parameter${parameters.length === 1 ? "" : "s"}`;
  return {
    summary: `${template ? templateLabel(template) : "Template"}: ${count}`,
    items: parameters.map((p) => {
      const facts = [p.required === true ? "required" : null, typeof p.default === "string" && p.default !== "" ? `default ${p.default}` : null];
      const label = typeof p.display_name === "string" && p.display_name ? `${String(p.name)} (${p.display_name})` : String(p.name);
      const suffix = facts.filter(Boolean).join(", ");
      return suffix ? `${label} — ${suffix}` : label;
    }),
  };
}
