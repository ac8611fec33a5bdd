// Reading tool results (SPEC-chat-tools.md shapes) without trusting them: a stored result may come
// from an older version or a model's call, so every field is checked before use. Shared by the
// page's tool cards and the built-in assistant's wording, which must not depend on each other.

/** A tool result object, fields unchecked. */
export type Result = Record<string, unknown>;

export type TemplateSummary = { id: string; name: string; display_name?: string; description?: string; your_workspace_count?: number };

export function isResult(value: unknown): value is Result {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The templates of a list_templates result, the malformed ones left out. */
export function templatesOf(output: unknown): TemplateSummary[] {
  if (!isResult(output) || !Array.isArray(output.templates)) return [];
  return output.templates.filter(
    (t): t is TemplateSummary => isResult(t) && typeof t.id === "string" && typeof t.name === "string",
  );
}

/** "Display name (name)", or the name alone when they are the same. */
export function templateLabel(template: { name: string; display_name?: string }): string {
  return template.display_name && template.display_name !== template.name ? `${template.display_name} (${template.name})` : template.name;
}
