import { agentApiHandlers } from "@/lib/workspace-agents/agent-api-handlers";

// POST /api/v1/agent/process-output - see lib/workspace-agents/agent-api-handlers.ts
export const POST = agentApiHandlers["/api/v1/agent/process-output"].POST;
