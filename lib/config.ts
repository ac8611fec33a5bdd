import "server-only";
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
  /** Largest request body the API accepts, in bytes. */
  KILN_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
});

export type KilnConfig = {
  databaseUrl: string | undefined;
  dataDir: string;
  sessionHours: number;
  secureCookies: boolean;
  maxBodyBytes: number;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): KilnConfig {
  const parsed = envSchema.parse(env);
  return {
    databaseUrl: parsed.DATABASE_URL,
    dataDir: path.resolve(parsed.KILN_DATA_DIR),
    sessionHours: parsed.KILN_SESSION_HOURS,
    secureCookies: parsed.KILN_SECURE_COOKIES === "true",
    maxBodyBytes: parsed.KILN_MAX_BODY_BYTES,
  };
}

let cached: KilnConfig | undefined;

/** The process's configuration, read once. */
export function config(): KilnConfig {
  cached ??= readConfig();
  return cached;
}
