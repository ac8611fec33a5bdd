import "server-only";
import pg from "pg";
import { database } from "@/lib/db/client";

/**
 * Leadership for background loops that must run once across replicas (autostop). On
 * PostgreSQL it is a session advisory lock held on a dedicated connection: it passes to another
 * replica as soon as this one's connection ends. The embedded database has one process: it leads.
 */
export class LeaderLock {
  private client: pg.Client | null = null;

  constructor(private readonly key: number) {}

  /** Whether this process leads now; tries to become leader when it does not. */
  async isLeader(): Promise<boolean> {
    const { target } = await database();
    if (target.kind === "pglite") return true;
    if (this.client) return true;
    const client = new pg.Client({ connectionString: target.url, application_name: "kiln-leader" });
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [this.key]);
      if (!rows[0]?.locked) {
        await client.end();
        return false;
      }
      client.on("error", () => {});
      client.on("end", () => {
        if (this.client === client) this.client = null;
      });
      this.client = client;
      return true;
    } catch {
      await client.end().catch(() => {});
      return false;
    }
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
