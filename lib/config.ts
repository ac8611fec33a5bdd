import "server-only";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

/** Environment variables Kiln reads; the README's table lists the same. */
const envSchema = z.object({
  /** PostgreSQL connection string. Unset = embedded PGlite in KILN_DATA_DIR. */
  DATABASE_URL: z.preprocess((value) => (value === "" ? undefined : value), z.string().optional()),
  /** Folder for the embedded database, workspaces and the process lock. */
  KILN_DATA_DIR: z.string().min(1).default(".kiln"),
  /** Lifetime of a browser session, in hours. */
  KILN_SESSION_HOURS: z.coerce.number().positive().default(24 * 7),
  /** Mark the session cookie Secure (set when served over HTTPS). */
  KILN_SECURE_COOKIES: z.enum(["true", "false"]).default("false"),
  /** A reverse proxy in front sets X-Forwarded-For: trust its last entry as the client's address. */
  KILN_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** Largest request body the API accepts, in bytes. */
  KILN_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /** Port the server listens on; also the default for KILN_ACCESS_URL. */
  PORT: z.coerce.number().int().positive().default(3000),
  /** URL workspace agents use to reach the server's API. */
  KILN_ACCESS_URL: z.url().optional(),
  /** Workspace apps are served on `<app>--<agent>--<workspace>--<owner>.<this>`; Kiln itself answers on this name too. */
  KILN_APP_HOSTNAME: z
    .string()
    .min(1)
    .max(200)
    .refine((name) => /^[a-z0-9.-]+$/.test(name) && !name.startsWith(".") && !name.endsWith("."), "a lower-case host name")
    .default("localhost"),
  /** How often agents heartbeat, in ms. */
  KILN_AGENT_HEARTBEAT_MS: z.coerce.number().int().positive().default(5000),
  /** An agent silent for longer than this is disconnected, in ms. */
  KILN_AGENT_INACTIVITY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Run the provisioner inside the server process ("false" when separate daemons do it). */
  KILN_EMBEDDED_PROVISIONER: z.enum(["true", "false"]).default("true"),
  /** Jobs one provisioner runs at once; default: two per core, at least 4 (defaultProvisionerConcurrency). */
  KILN_PROVISIONER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** A running job whose provisioner has been silent this long is failed by the reaper, in ms. */
  KILN_PROVISIONER_STALE_MS: z.coerce.number().int().positive().default(30_000),
  /** How often a running chat turn or tools API call says its server is alive, in ms. */
  KILN_CHAT_HEARTBEAT_MS: z.coerce.number().int().positive().default(5000),
  /** A turn or tools API call whose server has been silent this long is marked interrupted, in ms. */
  KILN_CHAT_STALE_MS: z.coerce.number().int().positive().default(30_000),
  /** Bearer token `/metrics` requires; unset = open (keep it off the public network). */
  KILN_METRICS_TOKEN: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(16, "at least 16 characters").optional()),
  /** How often the metrics snapshot is collected, in ms. */
  KILN_METRICS_INTERVAL_MS: z.coerce.number().int().min(1000).default(15_000),
  /**
   * Workspace sandboxing (bubblewrap): auto = use it when it works, else run unisolated and say so;
   * required (alias sandbox) = builds fail when it does not work; none = never.
   */
  KILN_WORKSPACE_ISOLATION: z.enum(["auto", "sandbox", "required", "none"]).default("auto"),
  /** Site default memory limit of a workspace, in MB (a template's limits.memory_mb wins). */
  KILN_WORKSPACE_MEMORY_MB: z.coerce.number().int().min(16).default(2048),
  /** Site default limit on processes in a workspace (a template's limits.pids wins). */
  KILN_WORKSPACE_PIDS: z.coerce.number().int().min(8).default(512),
});

/**
 * Builds at once when KILN_PROVISIONER_CONCURRENCY is unset: two per core, at least 4, at most
 * 64. A build's own processes are small; what a build costs is mostly this process's CPU (its
 * queries, process starts and the agent API calls of its agent's start), so more at once than
 * the cores can serve only makes every build, and every other request, wait longer
 * (bench/workspace-burst.ts).
 */
export function defaultProvisionerConcurrency(cores = os.availableParallelism()): number {
  return Math.min(64, Math.max(4, 2 * cores));
}

export type KilnConfig = {
  databaseUrl: string | undefined;
  dataDir: string;
  sessionHours: number;
  secureCookies: boolean;
  maxBodyBytes: number;
  trustProxy: boolean;
  accessUrl: string;
  appHostname: string;
  agentHeartbeatMs: number;
  agentInactivityTimeoutMs: number;
  embeddedProvisioner: boolean;
  provisionerConcurrency: number;
  provisionerStaleMs: number;
  chatHeartbeatMs: number;
  chatStaleMs: number;
  metricsToken: string | undefined;
  metricsIntervalMs: number;
  workspaceIsolation: "auto" | "required" | "none";
  workspaceMemoryMb: number;
  workspacePids: number;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): KilnConfig {
  const parsed = envSchema.parse(env);
  return {
    databaseUrl: parsed.DATABASE_URL,
    dataDir: path.resolve(parsed.KILN_DATA_DIR),
    sessionHours: parsed.KILN_SESSION_HOURS,
    secureCookies: parsed.KILN_SECURE_COOKIES === "true",
    maxBodyBytes: parsed.KILN_MAX_BODY_BYTES,
    trustProxy: parsed.KILN_TRUST_PROXY === "true",
    accessUrl: (parsed.KILN_ACCESS_URL ?? `http://127.0.0.1:${parsed.PORT}`).replace(/\/+$/, ""),
    appHostname: parsed.KILN_APP_HOSTNAME,
    agentHeartbeatMs: parsed.KILN_AGENT_HEARTBEAT_MS,
    agentInactivityTimeoutMs: parsed.KILN_AGENT_INACTIVITY_TIMEOUT_MS,
    embeddedProvisioner: parsed.KILN_EMBEDDED_PROVISIONER === "true",
    provisionerConcurrency: parsed.KILN_PROVISIONER_CONCURRENCY ?? defaultProvisionerConcurrency(),
    provisionerStaleMs: parsed.KILN_PROVISIONER_STALE_MS,
    chatHeartbeatMs: parsed.KILN_CHAT_HEARTBEAT_MS,
    chatStaleMs: parsed.KILN_CHAT_STALE_MS,
    metricsToken: parsed.KILN_METRICS_TOKEN,
    metricsIntervalMs: parsed.KILN_METRICS_INTERVAL_MS,
    workspaceIsolation: parsed.KILN_WORKSPACE_ISOLATION === "sandbox" ? "required" : parsed.KILN_WORKSPACE_ISOLATION,
    workspaceMemoryMb: parsed.KILN_WORKSPACE_MEMORY_MB,
    workspacePids: parsed.KILN_WORKSPACE_PIDS,
  };
}

let cached: KilnConfig | undefined;

/** The process's configuration, read once. */
export function config(): KilnConfig {
  cached ??= readConfig();
  return cached;
}

/** Replaces the configuration (tests and benches that start parts with their own settings). */
export function setConfig(next: Partial<KilnConfig>): void {
  cached = { ...config(), ...next };
}
