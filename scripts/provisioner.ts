// `npm run provisioner`: a provisioner daemon for scale-out. It claims jobs from the PostgreSQL
// of DATABASE_URL beside the servers (whose embedded provisioners may then be switched off with
// KILN_EMBEDDED_PROVISIONER=false). The embedded database belongs to one process: not here.
import http from "node:http";
import { config } from "@/lib/config";
import { closeDb, initDb } from "@/lib/db/client";
import { startProvisioner, stopProvisioner } from "@/lib/provisioner/start-provisioner";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { metricsResponse } from "@/lib/metrics/metrics-response";

const cfg = config();
if (!cfg.databaseUrl) {
  console.error(
    "kiln provisioner: DATABASE_URL is not set. A separate provisioner needs PostgreSQL; with the embedded database the server runs its own provisioner.",
  );
  process.exit(1);
}
await initDb({ kind: "postgres", url: cfg.databaseUrl });
await startProvisioner();
const metricsServer = serveMetrics();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void (async () => {
      metricsServer?.close();
      await stopProvisioner();
      await closePubSub();
      await closeDb();
      process.exit(0);
    })();
  });
}

/**
 * The daemon's own /metrics (builds it finished, process metrics) on KILN_METRICS_PORT when set,
 * with the same KILN_METRICS_TOKEN rule as the servers'.
 */
function serveMetrics(): http.Server | null {
  const port = Number(process.env.KILN_METRICS_PORT);
  if (!Number.isInteger(port) || port <= 0) return null;
  const server = http.createServer(async (incoming, outgoing) => {
    if (incoming.url !== "/metrics") return void outgoing.writeHead(404).end();
    const response = await metricsResponse(new Request(`http://127.0.0.1${incoming.url}`, { headers: { authorization: incoming.headers.authorization ?? "" } }));
    outgoing.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
  });
  server.listen(port, () => console.log(`kiln provisioner: metrics on :${port}/metrics`));
  return server;
}
