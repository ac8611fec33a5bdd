// `npm run provisioner`: a provisioner daemon for scale-out. It claims jobs from the PostgreSQL
// of DATABASE_URL beside the servers (whose embedded provisioners may then be switched off with
// KILN_EMBEDDED_PROVISIONER=false). The embedded database belongs to one process: not here.
import { config } from "@/lib/config";
import { closeDb, initDb } from "@/lib/db/client";
import { startProvisioner, stopProvisioner } from "@/lib/provisioner/start-provisioner";
import { closePubSub } from "@/lib/pubsub/pubsub";

const cfg = config();
if (!cfg.databaseUrl) {
  console.error(
    "kiln provisioner: DATABASE_URL is not set. A separate provisioner needs PostgreSQL; with the embedded database the server runs its own provisioner.",
  );
  process.exit(1);
}
await initDb({ kind: "postgres", url: cfg.databaseUrl });
await startProvisioner();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void (async () => {
      await stopProvisioner();
      await closePubSub();
      await closeDb();
      process.exit(0);
    })();
  });
}
