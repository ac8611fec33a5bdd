import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/generated/prisma/client";
import { lockDataDir } from "./data-dir-lock";
import { YieldingPGlite } from "./yielding-pglite";
import { applyMigrations, type SqlExecutor } from "./migrate";
import { config } from "@/lib/config";

export type Db = PrismaClient;

/** Where the database lives: a PostgreSQL URL, an embedded folder, or memory (tests). */
export type DbTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string | null };

export type Database = {
  target: DbTarget;
  prisma: PrismaClient;
  /** The embedded instance, when the target is PGlite. */
  pglite: PGlite | null;
  close(): Promise<void>;
};

// Next.js loads instrumentation and route handlers as separate module graphs: keep the one
// database on globalThis so every graph shares it.
const globalState = globalThis as unknown as { __kilnDb?: Promise<Database> };

function pgliteExecutor(pglite: PGlite): SqlExecutor {
  return {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <T,>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
  };
}

async function openPglite(dataDir: string | null): Promise<Database> {
  let release = () => {};
  let pglite: PGlite;
  if (dataDir) {
    release = lockDataDir(dataDir);
    const dbDir = path.join(dataDir, "db");
    mkdirSync(path.dirname(dbDir), { recursive: true });
    pglite = new YieldingPGlite(dbDir);
  } else {
    pglite = new YieldingPGlite();
  }
  try {
    await pglite.waitReady;
    await applyMigrations(pgliteExecutor(pglite));
  } catch (error) {
    await pglite.close().catch(() => {});
    release();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    target: { kind: "pglite", dataDir },
    prisma,
    pglite,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url, application_name: "kiln-migrate" });
  await client.connect();
  try {
    await applyMigrations({
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async <T,>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    });
  } finally {
    await client.end();
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, application_name: "kiln" }) });
  return {
    target: { kind: "postgres", url },
    prisma,
    pglite: null,
    close: () => prisma.$disconnect(),
  };
}

/** Opens the database once per process and applies pending migrations. */
export function initDb(target: DbTarget): Promise<Database> {
  if (!globalState.__kilnDb) {
    const opening = target.kind === "postgres" ? openPostgres(target.url) : openPglite(target.dataDir);
    // A failed open must not stick: the next call (a dev reload, a retry) tries again.
    opening.catch(() => {
      if (globalState.__kilnDb === opening) globalState.__kilnDb = undefined;
    });
    globalState.__kilnDb = opening;
  }
  return globalState.__kilnDb;
}

/** The database target the environment asks for. */
export function targetFromConfig(cfg: { databaseUrl: string | undefined; dataDir: string }): DbTarget {
  return cfg.databaseUrl ? { kind: "postgres", url: cfg.databaseUrl } : { kind: "pglite", dataDir: cfg.dataDir };
}

/** The open database: the one initDb opened, or else the one the environment names. */
export function database(): Promise<Database> {
  return globalState.__kilnDb ?? initDb(targetFromConfig(config()));
}

/** The Prisma client of the open database. */
export async function db(): Promise<Db> {
  return (await database()).prisma;
}

/** Closes the database and forgets it (tests, shutdown). */
export async function closeDb(): Promise<void> {
  const opening = globalState.__kilnDb;
  globalState.__kilnDb = undefined;
  if (opening) await (await opening).close();
}
