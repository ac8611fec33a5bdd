import { z } from "zod";
import { MAX_APPS_PER_AGENT, MAX_SCRIPTS_PER_AGENT } from "../templates/limits";

// Shared by the server, the browser and the workspace agent process, which runs outside Next.js
// and vitest: this file imports nothing but zod and the template limits (plain constants), with
// relative paths, so it loads the same everywhere. The lists take the template limits, so that
// every agent a template may declare fits its manifest and its lifecycle reports.

/** Most log lines one `POST /api/v1/agent/logs` may carry. */
export const MAX_AGENT_LOGS_PER_REQUEST = 1000;

/** Longest a stored log line may be, in UTF-8 bytes; longer lines are cut, not refused. */
export const MAX_AGENT_LOG_OUTPUT_BYTES = 64 * 1024;

export const agentLifecycleStateSchema = z.enum([
  "created",
  "starting",
  "ready",
  "start_error",
  "start_timeout",
  "shutting_down",
  "shutdown_error",
  "shutdown_timeout",
  "off",
]);
export type AgentLifecycleState = z.infer<typeof agentLifecycleStateSchema>;

/** Every state but `created`, which only the server sets (when it makes the row). */
export const reportedLifecycleStateSchema = agentLifecycleStateSchema.exclude(["created"]);
export type ReportedLifecycleState = z.infer<typeof reportedLifecycleStateSchema>;

/**
 * Where a startup script is: `pending` until the agent runs it (scripts without run_on_start stay
 * there), `succeeded` = exit 0, `failed` = another exit code or it could not be started,
 * `canceled` = stopped by the agent's shutdown.
 */
export const agentScriptStatusSchema = z.enum(["pending", "running", "succeeded", "failed", "timed_out", "canceled"]);
export type AgentScriptStatus = z.infer<typeof agentScriptStatusSchema>;

export const agentStatusSchema = z.enum(["connecting", "connected", "disconnected", "timeout"]);

// ---- Agent API (the agent process ↔ the server) ----

export const agentManifestScriptSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  script: z.string(),
  runOnStart: z.boolean(),
  /** Seconds; 0 = no limit. */
  timeoutSeconds: z.number().int().min(0),
});
export type AgentManifestScript = z.infer<typeof agentManifestScriptSchema>;

/** `GET /api/v1/agent/manifest`: everything the agent needs to run its workspace. */
/** An app as the agent sees it: where it listens and how to check it (healthcheck null = disabled). */
export const agentManifestAppSchema = z.object({
  slug: z.string(),
  displayName: z.string(),
  port: z.number().int().min(1).max(65535).nullable(),
  path: z.string(),
  healthcheck: z.object({ path: z.string(), intervalSeconds: z.number().int().positive(), threshold: z.number().int().positive() }).nullable(),
});
export type AgentManifestApp = z.infer<typeof agentManifestAppSchema>;

export const appHealthSchema = z.enum(["disabled", "initializing", "healthy", "unhealthy"]);

/** What the agent reports of its apps' healthchecks (only measured states: never disabled). */
export const appHealthReportSchema = z.object({
  apps: z
    .array(z.object({ slug: z.string().min(1).max(64), health: z.enum(["initializing", "healthy", "unhealthy"]) }))
    .max(MAX_APPS_PER_AGENT),
});
export type AppHealthReport = z.infer<typeof appHealthReportSchema>;

export const agentManifestSchema = z.object({
  agentId: z.uuid(),
  name: z.string(),
  workspaceId: z.uuid(),
  workspaceName: z.string(),
  ownerName: z.string(),
  /** Where the startup scripts run. */
  directory: z.string(),
  /** Added to PATH/HOME/LANG for the scripts: parameters reach them only this way. */
  env: z.record(z.string(), z.string()),
  scripts: z.array(agentManifestScriptSchema).max(MAX_SCRIPTS_PER_AGENT),
  apps: z.array(agentManifestAppSchema).max(MAX_APPS_PER_AGENT),
  heartbeatIntervalMs: z.number().int().positive(),
});
export type AgentManifest = z.infer<typeof agentManifestSchema>;

/**
 * Where the server dials an agent: `unix:<absolute path>/agent.sock` (its listener's socket in a
 * host folder of the provisioner's machine; connectAgent also checks the folder is the agent's
 * own) or `host:port` on the loopback interface. Refusing anything else keeps an agent token from
 * pointing the server's dials at arbitrary addresses.
 */
export const agentAddressSchema = z
  .string()
  .max(300, "at most 300 characters")
  .regex(
    /^(?:(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]):\d{1,5}|unix:(?:\/[A-Za-z0-9_.-]+)+\/agent\.sock)$/,
    "must be a loopback host:port or unix:<absolute path>/agent.sock",
  )
  .refine((address) => !address.startsWith("unix:") || (!/\/\.{1,2}\//.test(address) && address.length - 5 <= 107), {
    message: "must be a plain absolute socket path of at most 107 bytes",
  });

/** The socket path of a `unix:` agent address, or null for host:port. */
export function unixSocketOf(address: string): string | null {
  return address.startsWith("unix:") ? address.slice(5) : null;
}

export const connectAgentSchema = z.object({ address: agentAddressSchema });
export type ConnectAgentInput = z.infer<typeof connectAgentSchema>;

const timestampSchema = z.iso.datetime({ offset: true });

export const scriptStatusReportSchema = z.object({
  id: z.uuid(),
  status: agentScriptStatusSchema,
  // The column is a 32-bit integer: a larger number is the agent's mistake (400), not a 500.
  exitCode: z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1).nullable().optional(),
  startedAt: timestampSchema.nullable().optional(),
  endedAt: timestampSchema.nullable().optional(),
});
export type ScriptStatusReport = z.infer<typeof scriptStatusReportSchema>;

/** `POST /api/v1/agent/lifecycle`. */
export const agentLifecycleReportSchema = z.object({
  state: reportedLifecycleStateSchema,
  scripts: z
    .array(scriptStatusReportSchema)
    .max(MAX_SCRIPTS_PER_AGENT, `at most ${MAX_SCRIPTS_PER_AGENT} scripts`)
    .optional(),
});
export type AgentLifecycleReport = z.infer<typeof agentLifecycleReportSchema>;

export const agentLogLevelSchema = z.enum(["info", "error"]);

export const agentLogLineSchema = z.object({
  /** The startup script that wrote the line; null for the agent's own lines. */
  scriptId: z.uuid().nullable(),
  level: agentLogLevelSchema,
  output: z.string(),
  createdAt: timestampSchema,
});
export type AgentLogLine = z.infer<typeof agentLogLineSchema>;

/** `POST /api/v1/agent/logs`: lines in the order they were written. */
export const agentLogsSchema = z.object({
  logs: z
    .array(agentLogLineSchema)
    .max(MAX_AGENT_LOGS_PER_REQUEST, `at most ${MAX_AGENT_LOGS_PER_REQUEST} lines per request`),
});
export type AgentLogsInput = z.infer<typeof agentLogsSchema>;

/** Most output lines one `POST /api/v1/agent/process-output` carries, over all its processes. */
export const MAX_PROCESS_OUTPUT_LINES_PER_REQUEST = 1000;
/**
 * Output lines of one process that are reported at all (the chat's live view keeps these; the
 * process's own output, head and tail, stays with process_output): past them only the count and
 * the end are sent, so a command printing forever costs neither the agent's memory nor requests.
 */
export const MAX_REPORTED_PROCESS_LINES = 10_000;
/** Most reports (runs of one process's lines) one request carries: each costs the server statements. */
export const MAX_PROCESS_REPORTS_PER_REQUEST = 100;
/** Longest output line the agent sends, in characters (the agent cuts lines at 2,048 bytes). */
export const MAX_PROCESS_OUTPUT_LINE_CHARS = 4096;

/**
 * One process's part of a report: `lines` are its output lines numbered from `from` (0-based,
 * counted since it started), so a report sent twice (an answer lost, a retry) adds nothing twice;
 * `done` once it has exited, with its exit code (null when a signal ended it).
 */
export const processReportSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  // Line numbers and exit codes are stored as 32-bit integers: larger ones are refused, not a 500.
  from: z.number().int().min(0).max(1_000_000_000),
  lines: z.array(z.string().max(MAX_PROCESS_OUTPUT_LINE_CHARS)),
  done: z.boolean(),
  exitCode: z.number().int().min(-2_147_483_648).max(2_147_483_647).nullable(),
});
export type ProcessReport = z.infer<typeof processReportSchema>;

/** `POST /api/v1/agent/process-output`: output of processes started with `report`, in order. */
export const processOutputReportSchema = z.object({
  processes: z
    .array(processReportSchema)
    .max(MAX_PROCESS_REPORTS_PER_REQUEST, `at most ${MAX_PROCESS_REPORTS_PER_REQUEST} reports per request`)
    .refine(
      (reports) => reports.reduce((sum, report) => sum + report.lines.length, 0) <= MAX_PROCESS_OUTPUT_LINES_PER_REQUEST,
      `at most ${MAX_PROCESS_OUTPUT_LINES_PER_REQUEST} lines per request`,
    ),
});
export type ProcessOutputReport = z.infer<typeof processOutputReportSchema>;

/** `GET /health` on the agent's own listener: what the server's dial expects. */
export const agentHealthSchema = z.object({ status: z.literal("ok"), agentId: z.string() });
export type AgentHealth = z.infer<typeof agentHealthSchema>;

/**
 * Cuts text to at most `maxBytes` of UTF-8, never in the middle of a character. The agent and the
 * server both apply it, so a long line costs one request, not a refusal.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  // Fast path: a UTF-16 unit is at most 3 UTF-8 bytes.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

// ---- REST view (the workspaces API) ----

export const workspaceAgentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: agentStatusSchema,
  lifecycleState: agentLifecycleStateSchema,
  displayOrder: z.number().int(),
  isChat: z.boolean(),
  address: z.string().nullable(),
  firstConnectedAt: z.string().nullable(),
  lastConnectedAt: z.string().nullable(),
  disconnectedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  readyAt: z.string().nullable(),
  createdAt: z.string(),
  connectionTimeoutSeconds: z.number().int(),
  apps: z.array(
    z.object({
      slug: z.string(),
      displayName: z.string(),
      port: z.number().int().nullable(),
      path: z.string(),
      share: z.enum(["owner", "authenticated", "public"]),
      /** The app's host name (`<slug>--<agent>--<workspace>--<owner>.<KILN_APP_HOSTNAME>`); the page adds its own scheme and port. */
      host: z.string(),
      health: appHealthSchema,
    }),
  ),
  scripts: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      runOnStart: z.boolean(),
      timeoutSeconds: z.number().int(),
      status: agentScriptStatusSchema,
      exitCode: z.number().int().nullable(),
      startedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
    }),
  ),
});
export type WorkspaceAgent = z.infer<typeof workspaceAgentSchema>;
