import { json, route } from "@/lib/api/route";
import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

// GET /api/v1/healthz - {status: "ok"} when the database answers, 503 otherwise
export const GET = route({ access: "public" }, async () => {
  const health = await checkHealth();
  return json(health, health.status === "ok" ? 200 : 503);
});
