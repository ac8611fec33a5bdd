import { z } from "zod";

/** Shortest and longest chat workspace TTL an admin may set (0 = the template's default). */
export const MIN_CHAT_TTL_MS = 60_000;
export const MAX_CHAT_TTL_MS = 30 * 24 * 3_600_000;

export const chatWorkspaceTtlSchema = z
  .number({ error: "must be a number of milliseconds" })
  .int("must be a whole number of milliseconds")
  .refine((ms) => ms >= 0, { message: "must not be negative", abort: true })
  .refine((ms) => ms === 0 || ms >= MIN_CHAT_TTL_MS, "must be 0 (template default) or at least 1 minute (60000 ms)")
  .refine((ms) => ms <= MAX_CHAT_TTL_MS, "must be at most 30 days (2592000000 ms)");

/** Most live workspaces a user may own; 0 = unlimited. */
export const MAX_WORKSPACES_PER_USER = 10_000;
export const workspacesPerUserSchema = z
  .number({ error: "must be a number of workspaces" })
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(MAX_WORKSPACES_PER_USER, `must be at most ${MAX_WORKSPACES_PER_USER}`);

/** The site settings as GET answers them (and PUT answers after saving). */
export const chatSettingsSchema = z.object({ workspaceTtlMs: chatWorkspaceTtlSchema, workspacesPerUser: workspacesPerUserSchema });
export type ChatSettings = z.infer<typeof chatSettingsSchema>;

/** PUT: the TTL, and the quota when given (left as it is otherwise). */
export const updateChatSettingsSchema = z.object({
  workspaceTtlMs: chatWorkspaceTtlSchema,
  workspacesPerUser: workspacesPerUserSchema.optional(),
});
export type UpdateChatSettingsInput = z.infer<typeof updateChatSettingsSchema>;
