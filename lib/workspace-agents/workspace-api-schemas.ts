import { z } from "zod";

// The API inside a workspace (processes, files, terminals; DESIGN.md "Inside a workspace"): the
// bodies and answers of the agent's own listener, which the server relays to under
// /api/v1/workspaceagents/:agentId/..., and which the browser and the chat tools call. Shared by
// the agent program (bundled, outside Next.js), the server and the browser: pure zod, relative
// imports only.

/** Longest command, in characters. */
export const MAX_COMMAND_CHARS = 64 * 1024;
/** Longest path, in characters (Linux PATH_MAX). */
export const MAX_PATH_CHARS = 4096;
/** Most variables a request may add to a process's environment. */
export const MAX_ENV_VARS = 64;
/** Longest environment value, in characters. */
export const MAX_ENV_VALUE_CHARS = 32 * 1024;
/** Foreground waits and output waits end after this much at most, in ms. */
export const MAX_WAIT_MS = 10 * 60_000;
/** Foreground wait when the request names none, in ms. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Largest file read or written, in bytes. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Lines a read returns when the request names no limit. */
export const DEFAULT_READ_LINES = 2000;
/** Most lines one read returns. */
export const MAX_READ_LINES = 100_000;
/** Most edits in one edit request. */
export const MAX_EDITS = 100;
/** Most characters of one terminal input request. */
export const MAX_INPUT_CHARS = 64 * 1024;
/** Terminal sizes outside this range are refused. */
export const MAX_TERMINAL_COLS = 1000;
export const MAX_TERMINAL_ROWS = 500;

/** Lone surrogates cannot be written as UTF-8: refused instead of silently replaced. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text that reaches the operating system (commands, paths, variables): no NUL byte, no lone surrogate. */
export const osText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes("\0"), "must not contain a NUL byte")
    .refine((value) => !LONE_SURROGATE.test(value), "must be valid Unicode (a lone surrogate)");

/** Text written into a file or a terminal: any characters but lone surrogates. */
export const unicodeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !LONE_SURROGATE.test(value), "must be valid Unicode (a lone surrogate)");

/** A client-chosen id of a process or terminal: short, safe in a URL path. */
export const workspaceObjectIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1-64 letters, digits, '_' or '-'");

export const workspacePathSchema = osText(MAX_PATH_CHARS).min(1);

const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "an environment variable name");

const timeoutMsSchema = z.number().int().min(0).max(MAX_WAIT_MS);

// ---- Processes ----

export const startProcessSchema = z.strictObject({
  command: osText(MAX_COMMAND_CHARS).min(1),
  id: workspaceObjectIdSchema.optional(),
  /** Relative to the workspace home; absolute paths as given. */
  cwd: workspacePathSchema.optional(),
  env: z
    .record(envNameSchema, osText(MAX_ENV_VALUE_CHARS))
    .refine((env) => Object.keys(env).length <= MAX_ENV_VARS, `at most ${MAX_ENV_VARS} variables`)
    .optional(),
  background: z.boolean().optional(),
  timeoutMs: timeoutMsSchema.optional(),
  /**
   * Push the process's output lines and its exit to the server as they come (the chat's live
   * `process.output` events); the server keeps them only for processes a chat registered.
   */
  report: z.boolean().optional(),
});
export type StartProcessInput = z.infer<typeof startProcessSchema>;

export const processStatusSchema = z.enum(["running", "exited"]);

/** POST /processes (201) and GET /processes/:id/output. */
export const processOutputSchema = z.object({
  id: z.string(),
  status: processStatusSchema,
  /** null while running, or when it ended by a signal. */
  exitCode: z.number().int().nullable(),
  /** The signal that ended it (SIGTERM, SIGKILL, ...), else null. */
  signal: z.string().nullable(),
  output: z.string(),
  truncated: z.boolean(),
  wallDurationMs: z.number().int(),
});
export type ProcessOutput = z.infer<typeof processOutputSchema>;

export const processSummarySchema = z.object({
  id: z.string(),
  command: z.string(),
  status: processStatusSchema,
  exitCode: z.number().int().nullable(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
});
export const processListSchema = z.object({ processes: z.array(processSummarySchema) });
export type ProcessSummary = z.infer<typeof processSummarySchema>;

/** Query of GET /processes/:id/output. */
export const processOutputQuerySchema = z.object({
  wait: z.enum(["0", "1", "true", "false"]).optional(),
  timeoutMs: z.coerce.number().pipe(timeoutMsSchema).optional(),
});

export const signalProcessSchema = z.strictObject({ signal: z.enum(["terminate", "kill"]) });

// ---- Files ----

/** Query of GET /files. */
export const readFileQuerySchema = z.object({
  path: workspacePathSchema,
  /** 1-based first line. */
  offset: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_READ_LINES).optional(),
});

export const fileEntrySchema = z.object({
  name: z.string(),
  type: z.enum(["file", "directory", "symlink", "other"]),
  size: z.number().int(),
});
export type FileEntry = z.infer<typeof fileEntrySchema>;

export const fileReadSchema = z.discriminatedUnion("type", [
  z.object({ path: z.string(), type: z.literal("file"), content: z.string(), totalLines: z.number().int(), truncated: z.boolean() }),
  z.object({ path: z.string(), type: z.literal("directory"), entries: z.array(fileEntrySchema) }),
]);
export type FileRead = z.infer<typeof fileReadSchema>;

export const pathQuerySchema = z.object({ path: workspacePathSchema });

export const writeFileSchema = z.strictObject({ content: unicodeText(MAX_FILE_BYTES) });
export const fileWrittenSchema = z.object({ path: z.string(), bytes: z.number().int() });

export const fileEditSchema = z.strictObject({
  oldText: unicodeText(MAX_FILE_BYTES).min(1),
  newText: unicodeText(MAX_FILE_BYTES),
  replaceAll: z.boolean().optional(),
});
export type FileEdit = z.infer<typeof fileEditSchema>;

export const editFileSchema = z.strictObject({
  path: workspacePathSchema,
  edits: z.array(fileEditSchema).min(1).max(MAX_EDITS),
});
export const fileEditedSchema = z.object({ path: z.string(), diff: z.string() });

/** Most files one batch edit changes. */
export const MAX_EDITED_FILES = 50;

/** POST /files/edits (the agent's own; the chat's edit_files): several files, all or none. */
export const editFilesSchema = z.strictObject({ files: z.array(editFileSchema).min(1).max(MAX_EDITED_FILES) });
export const filesEditedSchema = z.object({ files: z.array(fileEditedSchema) });

// ---- Terminals ----

const colsSchema = z.number().int().min(1).max(MAX_TERMINAL_COLS);
const rowsSchema = z.number().int().min(1).max(MAX_TERMINAL_ROWS);

export const openTerminalSchema = z.strictObject({
  cols: colsSchema,
  rows: rowsSchema,
  id: workspaceObjectIdSchema.optional(),
  /** Run by `sh -c` instead of the user's login shell. */
  command: osText(MAX_COMMAND_CHARS).min(1).optional(),
});
/** POST /terminals: where the terminal's input goes on (0 for a new one, further on re-attach). */
export const terminalOpenedSchema = z.object({ id: z.string(), nextSeq: z.number().int().min(0) });
/** POST /terminals/:id/input. */
export const terminalInputAnsweredSchema = z.object({ nextSeq: z.number().int().min(0) });

export const terminalInputSchema = z.strictObject({
  /** Applied in this order, from 0 up; a repeated seq is ignored. */
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  data: unicodeText(MAX_INPUT_CHARS),
});

export const resizeTerminalSchema = z.strictObject({ cols: colsSchema, rows: rowsSchema });

/**
 * The terminal stream's SSE events. `output` and `reset` carry the terminal's byte offset after
 * them as the SSE `id:`, which a client sends back as `Last-Event-ID` to resume.
 */
export const terminalOutputEventSchema = z.object({ data: z.string() });
/** The screen as escape sequences that redraw it, when the client was behind the kept buffer. */
export const terminalResetEventSchema = z.object({ screen: z.string() });
export const terminalExitEventSchema = z.object({ exitCode: z.number().int().nullable() });
