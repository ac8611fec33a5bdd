import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { closeLockPool } from "@/lib/db/advisory-lock";
import { closeDb, initDb, type Database } from "@/lib/db/client";
import { closePubSub } from "@/lib/pubsub/pubsub";

/** Which database the running vitest project tests on. */
export const testDbKind = (process.env.KILN_TEST_DB ?? "pglite") as "pglite" | "postgres";

/** A connection string for another database on the server of DATABASE_URL. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates an empty PostgreSQL database; returns its URL and a function that drops it. */
export async function createScratchDatabase(prefix = "kiln_test"): Promise<{ url: string; drop: () => Promise<void> }> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error("DATABASE_URL is not set");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabaseName(baseUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Gives the test file a fresh, migrated database of the project's kind (in-memory PGlite or
 * a new PostgreSQL database) and closes it afterwards. Returns a getter for the database.
 */
export function useTestDatabase(): () => Database {
  let database: Database | undefined;
  let drop = async () => {};
  beforeAll(async () => {
    if (testDbKind === "postgres") {
      const scratch = await createScratchDatabase();
      drop = scratch.drop;
      database = await initDb({ kind: "postgres", url: scratch.url });
    } else {
      database = await initDb({ kind: "pglite", dataDir: null });
    }
  });
  afterAll(async () => {
    await closeLockPool();
    await closePubSub();
    await closeDb();
    await drop();
  });
  return () => {
    if (!database) throw new Error("test database not ready");
    return database;
  };
}
