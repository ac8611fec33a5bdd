import "server-only";
import { config } from "@/lib/config";
import { database } from "@/lib/db/client";
import { DataDirLockedError } from "@/lib/db/data-dir-lock";

/** Opens the database at server start; a locked embedded folder stops the process. */
export async function startServer(): Promise<void> {
  try {
    const { target } = await database();
    console.log(
      target.kind === "postgres" ? "kiln: database PostgreSQL" : `kiln: embedded database in ${config().dataDir}`,
    );
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`kiln: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
