import { agentApiHandlers } from "@/lib/workspace-agents/agent-api-handlers";

export const dynamic = "force-dynamic";

// GET /api/v1/agent/manifest - see lib/workspace-agents/agent-api-handlers.ts
export const GET = agentApiHandlers["/api/v1/agent/manifest"].GET;
