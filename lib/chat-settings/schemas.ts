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

export const chatSettingsSchema = z.object({ workspaceTtlMs: chatWorkspaceTtlSchema });
export type ChatSettings = z.infer<typeof chatSettingsSchema>;
