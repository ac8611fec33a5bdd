import { parseTemplateSpec } from "./parse-template-spec";
import type { TemplateParameterView } from "./schemas";
import { specLineIssues, type SpecLineIssue } from "./spec-line-issues";
import { toTemplateParameters } from "./to-template";

/** What the editor shows for a spec text: its problems by line, or the parameters it declares. */
export type SpecTextCheck = { issues: SpecLineIssue[]; parameters: TemplateParameterView[] | null };

// The editor imports this module lazily: the YAML parser stays out of the pages' first load.
export function checkSpecText(text: string): SpecTextCheck {
  const issues = specLineIssues(text);
  return { issues, parameters: issues.length === 0 ? toTemplateParameters(parseTemplateSpec(text)) : null };
}
