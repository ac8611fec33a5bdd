import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * Applies prisma/migrations/* in order and records them in `_prisma_migrations` exactly as
 * Prisma Migrate does (same table, same SHA-256 checksum), so `prisma migrate deploy` and
 * `prisma migrate status` agree with what Kiln applied. Kiln cannot use the CLI at run time:
 * it downloads a native engine, which offline machines cannot do.
 */
export type SqlExecutor = {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one statement with parameters and returns its rows. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
};

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma Migrate's own advisory lock key, so Kiln and the CLI never migrate at once. */
const MIGRATE_LOCK_KEY = 72707369;

export function migrationsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.KILN_MIGRATIONS_DIR ?? path.join(process.cwd(), "prisma/migrations"));
}

type Migration = { name: string; sql: string; checksum: string };

function readMigrations(dir: string): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Applies the migrations not yet recorded; returns their names. */
export async function applyMigrations(db: SqlExecutor, dir = migrationsDir()): Promise<string[]> {
  const migrations = readMigrations(dir);
  await db.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY]);
  try {
    await db.exec(MIGRATIONS_TABLE);
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row]));
    const done: string[] = [];
    for (const migration of migrations) {
      const previous = applied.get(migration.name);
      if (previous?.finished_at) continue;
      if (previous) {
        throw new Error(
          `migration ${migration.name} started earlier but never finished; repair the database, then mark it rolled back`,
        );
      }
      const id = randomUUID();
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
        [id, migration.checksum, migration.name],
      );
      await db.exec(`BEGIN;\n${migration.sql}\n;COMMIT;`).catch(async (error: unknown) => {
        await db.exec("ROLLBACK").catch(() => {});
        await db.query(`DELETE FROM "_prisma_migrations" WHERE id = $1`, [id]);
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
      });
      await db.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
      done.push(migration.name);
    }
    return done;
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY]);
  }
}
