import "server-only";
import pg from "pg";
import { database } from "./client";

const globalState = globalThis as unknown as { __kilnLockPool?: pg.Pool; __kilnLocalLocks?: Map<string, Promise<void>> };

/** In-process queue per key: enough where one process owns the database (PGlite). */
async function withLocalLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalState.__kilnLocalLocks ??= new Map());
  const previous = locks.get(key) ?? Promise.resolve();
  let release!: () => void;
  const current = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => current);
  locks.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (locks.get(key) === tail) locks.delete(key);
  }
}

/**
 * Runs `fn` while holding a lock named `key` across every process on the database: a
 * PostgreSQL session advisory lock on a dedicated connection (released by PostgreSQL itself if
 * this process dies). The embedded database belongs to one process, where a local queue does it.
 */
export async function withAdvisoryLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const { target } = await database();
  if (target.kind === "pglite") return withLocalLock(key, fn);
  if (!globalState.__kilnLockPool) {
    globalState.__kilnLockPool = new pg.Pool({ connectionString: target.url, max: 20, application_name: "kiln-locks" });
    // An idle connection the server ended (restart, admin) is replaced on next use.
    globalState.__kilnLockPool.on("error", (error) => console.warn(`lock pool: ${error.message}`));
  }
  const pool = globalState.__kilnLockPool;
  const client = await pool.connect();
  let isHealthy = true;
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [key]);
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch(() => {
        isHealthy = false;
      });
    }
  } finally {
    // A connection whose unlock failed may still hold the lock: drop it rather than reuse it.
    client.release(!isHealthy);
  }
}

export async function closeLockPool(): Promise<void> {
  const pool = globalState.__kilnLockPool;
  globalState.__kilnLockPool = undefined;
  await pool?.end();
}
