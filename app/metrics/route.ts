import { metricsResponse } from "@/lib/metrics/metrics-response";

export const dynamic = "force-dynamic";

// GET /metrics - Prometheus metrics (bearer KILN_METRICS_TOKEN when set)
export const GET = (request: Request) => metricsResponse(request);
