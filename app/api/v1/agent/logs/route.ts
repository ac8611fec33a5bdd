import { agentRoute } from "@/lib/agents/agent-route";
import { insertAgentLogs } from "@/lib/agents/insert-agent-logs";
import { agentLogsSchema } from "@/lib/agents/schemas";
import { json } from "@/lib/api/route";

// POST /api/v1/agent/logs - append startup-script output lines, in order (NUL in output kept as U+FFFD)
export const POST = agentRoute({ body: agentLogsSchema, text: "replace" }, async ({ agent, body }) =>
  json(await insertAgentLogs({ agent, logs: body.logs })),
);
