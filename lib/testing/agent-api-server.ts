import * as connect from "@/app/api/v1/agent/connect/route";
import * as disconnect from "@/app/api/v1/agent/disconnect/route";
import * as heartbeat from "@/app/api/v1/agent/heartbeat/route";
import * as lifecycle from "@/app/api/v1/agent/lifecycle/route";
import * as logs from "@/app/api/v1/agent/logs/route";
import * as manifest from "@/app/api/v1/agent/manifest/route";
import { startRouteServer } from "./route-server";

/**
 * The agent API served over real HTTP on 127.0.0.1, for tests that run real agent processes
 * without a Next.js server. Same handlers as the app's routes.
 */
export function startAgentApiServer() {
  return startRouteServer({
    "/api/v1/agent/manifest": manifest,
    "/api/v1/agent/connect": connect,
    "/api/v1/agent/heartbeat": heartbeat,
    "/api/v1/agent/lifecycle": lifecycle,
    "/api/v1/agent/logs": logs,
    "/api/v1/agent/disconnect": disconnect,
  });
}
