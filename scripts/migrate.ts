// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL,
// or the embedded one in KILN_DATA_DIR) and exits. The server also does this as it starts.
import { closeDb, initDb, targetFromConfig } from "@/lib/db/client";
import { config } from "@/lib/config";

const target = targetFromConfig(config());
await initDb(target);
await closeDb();
console.log(`kiln: migrations applied (${target.kind === "postgres" ? "PostgreSQL" : config().dataDir})`);
