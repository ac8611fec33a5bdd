import type { AuditDiff } from "./schemas";

/**
 * The fields whose value differs between `before` and `after`, as {before, after} pairs; a field
 * only in one side counts as changed (null on the other). Values compare as JSON.
 */
export function fieldChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditDiff {
  const diff: AuditDiff = {};
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    const was = before?.[key] ?? null;
    const now = after?.[key] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) diff[key] = { before: was, after: now };
  }
  return diff;
}
