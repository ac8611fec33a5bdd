import { agentRoute } from "@/lib/agents/agent-route";
import { getAgentManifest } from "@/lib/agents/get-agent-manifest";
import { json } from "@/lib/api/route";

export const dynamic = "force-dynamic";

// GET /api/v1/agent/manifest - what the calling agent runs: scripts, apps, environment, heartbeat interval
export const GET = agentRoute({}, async ({ agent }) => json(await getAgentManifest({ agentId: agent.id })));
