import { z } from "zod";
import {
  MAX_COMMAND_CHARS,
  MAX_EDITED_FILES,
  MAX_EDITS,
  MAX_FILE_BYTES,
  MAX_READ_LINES,
  osText,
  unicodeText,
  workspaceObjectIdSchema,
  workspacePathSchema,
} from "@/lib/workspace-agents/workspace-api-schemas";

/** Tool inputs are lenient on purpose: the tools' own checks give the messages of docs/chat-tools.md. */
const parameterValues = z
  .record(z.string().max(64, "parameter names have at most 64 characters"), z.string().max(4096, "parameter values have at most 4096 characters"))
  .refine((values) => Object.keys(values).length <= 100, "at most 100 parameters");

export const createWorkspaceInputSchema = z.object({
  template_id: z.string().max(200, "template_id is too long").optional(),
  name: z.string().max(200, "name is too long").optional(),
  parameters: parameterValues.optional(),
});
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceInputSchema>;

export const startWorkspaceInputSchema = z.object({ parameters: parameterValues.optional() });
export type StartWorkspaceInput = z.infer<typeof startWorkspaceInputSchema>;

export const stopWorkspaceInputSchema = z.object({});

export const listTemplatesInputSchema = z.object({
  query: z.string().max(200, "query is too long").optional(),
  page: z.number().int("page must be a whole number").min(1, "page starts at 1").max(10_000).optional(),
});
export type ListTemplatesInput = z.infer<typeof listTemplatesInputSchema>;

export const readTemplateInputSchema = z.object({ template_id: z.string().max(200, "template_id is too long").optional() });
export type ReadTemplateInput = z.infer<typeof readTemplateInputSchema>;

// ---- Tools that work inside the workspace (docs/chat-tools.md) ----

/** A foreground `execute` waits at most this long (1 hour), in ms. */
export const MAX_EXECUTE_TIMEOUT_MS = 60 * 60_000;
/** `execute`'s foreground wait when the call names none, in ms. */
export const DEFAULT_EXECUTE_TIMEOUT_MS = 10_000;
/** `process_output` waits at most this long (5 minutes), in ms. */
export const MAX_PROCESS_OUTPUT_WAIT_MS = 5 * 60_000;
/** `process_output`'s wait when the call names none (or says `true`), in ms. */
export const DEFAULT_PROCESS_OUTPUT_WAIT_MS = 10_000;

export const executeInputSchema = z.object({
  command: osText(MAX_COMMAND_CHARS).min(1, "command is required"),
  background: z.boolean().optional(),
  timeout_ms: z.number().int("timeout_ms must be a whole number").min(0).max(MAX_EXECUTE_TIMEOUT_MS, "timeout_ms is at most 1 hour (3600000)").optional(),
  workdir: workspacePathSchema.optional(),
});
export type ExecuteInput = z.infer<typeof executeInputSchema>;

/** A process id as `execute` gives it out (any id the agent accepts; unknown ones are "not found"). */
const processIdSchema = workspaceObjectIdSchema;

export const processOutputInputSchema = z.object({
  process_id: processIdSchema,
  /** true (the default): up to 10 s; a number: that many ms, at most 5 minutes; false or 0: no wait. */
  wait: z.union([z.boolean(), z.number().int("wait must be a whole number of ms").min(0).max(MAX_PROCESS_OUTPUT_WAIT_MS, "wait is at most 5 minutes (300000 ms)")]).optional(),
});
export type ProcessOutputInput = z.infer<typeof processOutputInputSchema>;

export const processListInputSchema = z.object({});

export const processSignalInputSchema = z.object({ process_id: processIdSchema, signal: z.enum(["terminate", "kill"]) });
export type ProcessSignalInput = z.infer<typeof processSignalInputSchema>;

export const readFileInputSchema = z.object({
  path: workspacePathSchema,
  offset: z.number().int("offset must be a whole number").min(1, "offset starts at 1").max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.number().int("limit must be a whole number").min(1, "limit is at least 1").max(MAX_READ_LINES).optional(),
});
export type ReadFileInput = z.infer<typeof readFileInputSchema>;

export const writeFileInputSchema = z.object({ path: workspacePathSchema, content: unicodeText(MAX_FILE_BYTES) });
export type WriteFileInput = z.infer<typeof writeFileInputSchema>;

export const editFilesInputSchema = z.object({
  files: z
    .array(
      z.object({
        path: workspacePathSchema,
        edits: z
          .array(z.object({ old_text: unicodeText(MAX_FILE_BYTES).min(1, "old_text must not be empty"), new_text: unicodeText(MAX_FILE_BYTES), replace_all: z.boolean().optional() }))
          .min(1, "at least one edit")
          .max(MAX_EDITS),
      }),
    )
    .min(1, "at least one file")
    .max(MAX_EDITED_FILES),
});
export type EditFilesInput = z.infer<typeof editFilesInputSchema>;
