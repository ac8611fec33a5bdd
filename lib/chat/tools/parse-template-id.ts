import { ToolTextError } from "./tool-text-error";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The UUID without the `urn:uuid:` prefix or braces a UUID parser also accepts. */
const bareUuid = (value: string) => value.replace(/^urn:uuid:/i, "").replace(/^\{(.*)\}$/, "$1");

/** Why a string is not a UUID, worded like a UUID parser would. */
function uuidProblem(value: string): string | null {
  const bare = bareUuid(value);
  if (bare.length !== 36 && bare.length !== 32) return `invalid UUID length: ${value.length}`;
  if (bare.length === 32 ? !/^[0-9a-f]{32}$/i.test(bare) : !UUID.test(bare)) return "invalid UUID format";
  return null;
}

/**
 * The template_id of a tool input, trimmed and checked: empty and not-a-UUID are text errors.
 * Returns the canonical lower-case UUID.
 */
export function parseTemplateId(raw: string | undefined, emptyMessage: string): string {
  const value = (raw ?? "").trim();
  if (!value) throw new ToolTextError(emptyMessage);
  const problem = uuidProblem(value);
  if (problem) throw new ToolTextError(`invalid template_id: ${problem}`);
  // From the bare form: the "d" of a "urn:uuid:" prefix is a hex digit too.
  const hex = bareUuid(value).replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
