import type { AuditEntry } from "./schemas";

const COLUMNS = ["time", "actor", "action", "target_type", "target_id", "diff", "ip"] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A leading
 * = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.
 */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The audit entries as CSV with a header row; the diff as its JSON. */
export function auditCsv(entries: AuditEntry[]): string {
  const lines = [COLUMNS.join(",")];
  for (const entry of entries) {
    lines.push(
      [entry.time, entry.actor?.username ?? "", entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.diff), entry.ip]
        .map(field)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
