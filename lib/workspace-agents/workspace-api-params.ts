import { z } from "zod";
import { workspaceObjectIdSchema } from "./workspace-api-schemas";

// Path and query schemas of the server's relay routes (/api/v1/workspaceagents/:agentId/...).

export const agentParamsSchema = z.object({ agentId: z.uuid() });

/** A process or terminal of an agent. */
export const agentObjectParamsSchema = agentParamsSchema.extend({ id: workspaceObjectIdSchema });

/** A terminal stream's resume point: the byte offset of the last event seen (EventSource cannot set headers on its first try). */
export const terminalStreamQuerySchema = z.object({ lastEventId: z.string().regex(/^\d{1,15}$/, "a byte offset").optional() });
