import "server-only";
import { json } from "@/lib/api/route";
import { agentRoute, noContent } from "./agent-route";
import { connectAgent } from "./connect-agent";
import { disconnectAgent } from "./disconnect-agent";
import { getAgentManifest } from "./get-agent-manifest";
import { appendProcessOutput } from "@/lib/chat/processes/append-process-output";
import { insertAgentLogs } from "./insert-agent-logs";
import { recordAgentHeartbeat } from "./record-agent-heartbeat";
import { agentLifecycleReportSchema, agentLogsSchema, appHealthReportSchema, connectAgentSchema, processOutputReportSchema } from "./schemas";
import { updateAppHealth } from "./update-app-health";
import { updateAgentLifecycle } from "./update-agent-lifecycle";

// The agent API (agent token only), one handler per route. Defined here rather than in the
// route files so the server's routes (app/api/v1/agent/*) and the test servers that run real
// agents without Next.js (lib/testing/agent-api-server.ts) serve the very same handlers.

/** Route path → handlers by method. */
export const agentApiHandlers = {
  // GET /api/v1/agent/manifest - what the calling agent runs: scripts, apps, environment, heartbeat interval
  "/api/v1/agent/manifest": {
    GET: agentRoute({}, async ({ agent }) => json(await getAgentManifest({ agentId: agent.id }))),
  },
  // POST /api/v1/agent/connect - the agent is up and listening at {address}
  "/api/v1/agent/connect": {
    POST: agentRoute({ body: connectAgentSchema }, async ({ agent, body }) => {
      await connectAgent({ agent, address: body.address });
      return noContent();
    }),
  },
  // POST /api/v1/agent/heartbeat - the agent is still connected
  "/api/v1/agent/heartbeat": {
    POST: agentRoute({}, async ({ agent }) => {
      await recordAgentHeartbeat({ agent });
      return noContent();
    }),
  },
  // POST /api/v1/agent/lifecycle - the agent's lifecycle state and its startup scripts' statuses
  "/api/v1/agent/lifecycle": {
    POST: agentRoute({ body: agentLifecycleReportSchema }, async ({ agent, body }) =>
      json(await updateAgentLifecycle({ agent, report: body })),
    ),
  },
  // POST /api/v1/agent/logs - append startup-script output lines, in order (NUL in output kept as U+FFFD)
  "/api/v1/agent/logs": {
    POST: agentRoute({ body: agentLogsSchema, text: "replace" }, async ({ agent, body }) =>
      json(await insertAgentLogs({ agent, logs: body.logs })),
    ),
  },
  // POST /api/v1/agent/process-output - output lines and exits of processes started with `report`, in order (kept for chats' processes only)
  "/api/v1/agent/process-output": {
    POST: agentRoute({ body: processOutputReportSchema, text: "replace" }, async ({ agent, body }) =>
      json(await appendProcessOutput({ agent, reports: body.processes })),
    ),
  },
  // POST /api/v1/agent/app-health - the health the agent's healthchecks measured for its apps
  "/api/v1/agent/app-health": {
    POST: agentRoute({ body: appHealthReportSchema }, async ({ agent, body }) => json(await updateAppHealth({ agent, report: body }))),
  },
  // POST /api/v1/agent/disconnect - the agent is going away
  "/api/v1/agent/disconnect": {
    POST: agentRoute({}, async ({ agent }) => {
      await disconnectAgent({ agent });
      return noContent();
    }),
  },
} as const;
