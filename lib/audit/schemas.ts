import { z } from "zod";

// The audit log: who changed what, when, from where. Shared by the API, the CSV export and the
// /admin/audit page.

/** Every action the log knows; the page offers them as a filter. */
export const AUDIT_ACTIONS = [
  "user.create",
  "user.role",
  "user.suspend",
  "user.reactivate",
  "user.password_reset",
  "template.create",
  "template.version",
  "template.update",
  "chat_settings.update",
  "workspace.create",
  "workspace.build",
  "chat.tool_call",
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const AUDIT_TARGET_TYPES = ["user", "template", "site_settings", "workspace"] as const;
export const auditTargetTypeSchema = z.enum(AUDIT_TARGET_TYPES);
export type AuditTargetType = z.infer<typeof auditTargetTypeSchema>;

/**
 * Where a change came from: the browser pages (session cookie), the API (token), a chat tool, or
 * the server itself (autostop).
 */
export const auditViaSchema = z.enum(["page", "api", "chat", "system"]);
export type AuditVia = z.infer<typeof auditViaSchema>;

/** One changed field: its value before and after (null when it did not exist). */
export const fieldChangeSchema = z.object({ before: z.unknown(), after: z.unknown() });
export const auditDiffSchema = z.record(z.string(), fieldChangeSchema);
export type AuditDiff = z.infer<typeof auditDiffSchema>;

export const auditEntrySchema = z.object({
  id: z.uuid(),
  time: z.string(),
  actor: z.object({ id: z.uuid(), username: z.string() }).nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  diff: auditDiffSchema,
  ip: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;

const optionalText = z.string().trim().max(200).optional().transform((value) => value || undefined);
const optionalTime = z
  .string()
  .max(64)
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    const time = new Date(value);
    if (Number.isNaN(time.getTime())) {
      ctx.addIssue({ code: "custom", message: "must be a date and time (ISO 8601)" });
      return z.NEVER;
    }
    return time;
  });

/** GET /api/v1/audit query: filters, a page size and the cursor of the page before. */
export const auditQuerySchema = z.object({
  /** A username (exact, case-insensitive) or a user id. */
  actor: optionalText,
  action: auditActionSchema.optional().or(z.literal("").transform(() => undefined)),
  targetType: auditTargetTypeSchema.optional().or(z.literal("").transform(() => undefined)),
  from: optionalTime,
  to: optionalTime,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;
export type AuditFilters = Omit<z.input<typeof auditQuerySchema>, "format" | "cursor" | "limit">;
