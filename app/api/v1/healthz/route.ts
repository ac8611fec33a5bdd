import { json, route } from "@/lib/api/route";
import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

// GET /api/v1/healthz - database, pubsub and provisioner liveness; 503 when the database or pubsub is down
export const GET = route({ access: "public" }, async () => {
  const health = await checkHealth();
  return json(health, health.status === "ok" ? 200 : 503);
});
