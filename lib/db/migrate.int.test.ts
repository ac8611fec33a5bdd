import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { applyMigrations, migrationsDir, type SqlExecutor } from "./migrate";

const getDb = useTestDatabase();

/** A single-connection executor on the test database, like the ones client.ts builds. */
let executor: SqlExecutor;
let pgClient: pg.Client | undefined;

beforeAll(async () => {
  const database = getDb();
  if (database.pglite) {
    const pglite = database.pglite;
    executor = {
      exec: async (sql) => {
        await pglite.exec(sql);
      },
      query: async <T,>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
    };
    return;
  }
  if (database.target.kind !== "postgres") throw new Error("expected a PGlite instance or a PostgreSQL URL");
  const client = new pg.Client({ connectionString: database.target.url });
  // The scratch database is dropped WITH (FORCE) at the end; do not crash on that.
  client.on("error", () => {});
  await client.connect();
  pgClient = client;
  executor = {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T,>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
  };
});

// Registered after useTestDatabase's hook, so it runs before the database is dropped.
afterAll(async () => {
  await pgClient?.end();
});

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of prisma/migrations with extra migrations added after the real ones. */
function migrationsWith(extra: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "kiln-migrations-"));
  tempDirs.push(dir);
  cpSync(migrationsDir(), dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

type MigrationRow = {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
};

const readRecords = () =>
  executor.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);

const tableExists = async (name: string) =>
  (await executor.query<{ name: string | null }>("SELECT to_regclass($1)::text AS name", [name]))[0]?.name === name;

const realMigrations = readdirSync(migrationsDir(), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

it("records every migration in _prisma_migrations the way Prisma Migrate does", async () => {
  expect(realMigrations.length).toBeGreaterThan(0);
  const rows = await readRecords();

  expect(rows.map((row) => row.migration_name)).toEqual(realMigrations);
  for (const row of rows) {
    const sql = readFileSync(path.join(migrationsDir(), row.migration_name, "migration.sql"));
    // Prisma's checksum: SHA-256 of the migration.sql bytes, lower-case hex.
    expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    expect(row.applied_steps_count).toBe(1);
    expect(row.rolled_back_at).toBeNull();
    expect(row.logs).toBeNull();
  }
});

it("applies nothing and changes no record when run again", async () => {
  const before = await readRecords();
  await expect(applyMigrations(executor)).resolves.toEqual([]);
  expect(await readRecords()).toEqual(before);
});

it("creates the partial unique index workspaces_owner_name_live_key on live workspaces, case-insensitively", async () => {
  const [index] = await executor.query<{ indexdef: string }>(
    `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'workspaces' AND indexname = $1`,
    ["workspaces_owner_name_live_key"],
  );
  expect(index?.indexdef).toBe(
    `CREATE UNIQUE INDEX workspaces_owner_name_live_key ON public.workspaces USING btree ("ownerId", lower(name)) WHERE (NOT deleted)`,
  );

  // And it does what it says. Foreign-key triggers are off for this transaction only, so the
  // rows need no owner, organisation or template; everything is rolled back.
  const owner = "00000000-0000-4000-8000-000000000001";
  const insert = (id: number, name: string, deleted: boolean) =>
    `INSERT INTO workspaces (id, "ownerId", "organizationId", "templateId", name, deleted, "updatedAt")
     VALUES ('00000000-0000-4000-8000-00000000010${id}', '${owner}', '${owner}', '${owner}', '${name}', ${deleted}, now());`;
  await executor.exec("BEGIN; SET LOCAL session_replication_role = replica;");
  try {
    await executor.exec(insert(1, "dev", false) + insert(2, "dev", true) + insert(3, "DEV", true));
    await expect(executor.exec(insert(4, "Dev", false))).rejects.toThrow(
      /workspaces_owner_name_live_key/,
    );
  } finally {
    await executor.exec("ROLLBACK");
  }
  expect(await executor.query("SELECT id FROM workspaces")).toEqual([]);
});

it("applies only a migration added later, and records it", async () => {
  const name = "29990101000000_add_probe";
  const dir = migrationsWith({ [name]: `CREATE TABLE "kiln_probe" ("id" INTEGER PRIMARY KEY);\n` });

  await expect(applyMigrations(executor, dir)).resolves.toEqual([name]);
  expect(await tableExists("kiln_probe")).toBe(true);
  const record = (await readRecords()).find((row) => row.migration_name === name);
  expect(record?.finished_at).toBeInstanceOf(Date);
  expect(record?.applied_steps_count).toBe(1);

  await expect(applyMigrations(executor, dir)).resolves.toEqual([]);
});

it("rolls a failing migration back completely and leaves no record of it", async () => {
  const name = "29990102000000_broken";
  const dir = migrationsWith({
    [name]: `CREATE TABLE "kiln_half_done" ("id" INTEGER);\nSELECT 1 / 0;\n`,
  });
  const before = await readRecords();

  await expect(applyMigrations(executor, dir)).rejects.toThrow(`migration ${name} failed: division by zero`);
  expect(await tableExists("kiln_half_done")).toBe(false);
  expect(await readRecords()).toEqual(before);
  // The connection is usable again (no transaction left open, advisory lock released).
  await expect(applyMigrations(executor)).resolves.toEqual([]);
});

it("refuses to go on past a migration that started earlier but never finished", async () => {
  const name = "29990103000000_interrupted";
  const dir = migrationsWith({ [name]: `CREATE TABLE "kiln_interrupted" ("id" INTEGER);\n` });
  await executor.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES (gen_random_uuid(), $1, $2)`,
    ["0".repeat(64), name],
  );
  try {
    await expect(applyMigrations(executor, dir)).rejects.toThrow(`migration ${name} started earlier but never finished`);
    expect(await tableExists("kiln_interrupted")).toBe(false);
  } finally {
    await executor.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [name]);
  }
});
