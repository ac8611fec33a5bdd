import "server-only";
import { timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import { metrics } from "./registry";

function tokenMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The last metrics snapshot in Prometheus text format. With KILN_METRICS_TOKEN set, a request
 * without that bearer token gets 401.
 */
export async function metricsResponse(request: Request): Promise<Response> {
  const token = config().metricsToken;
  if (token && !tokenMatches(request.headers.get("authorization"), token)) {
    return Response.json({ message: "A valid metrics token is required." }, { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="kiln-metrics"' } });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
}
