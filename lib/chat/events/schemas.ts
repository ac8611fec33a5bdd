import { z } from "zod";
import { agentLogSchema, buildLogSchema } from "@/lib/logs/schemas";
import { workspaceSchema } from "@/lib/workspaces/schemas";
import { chatMessageSchema, chatSchema } from "../schemas";

// The chat event stream, `GET /api/v1/chats/:id/events`: what each event carries. Shared by the
// server that sends them and the browser hook that puts them in the query cache.

/** `chat`: the chat row — status, error and its workspace/build/agent binding. */
export const chatEventSchema = chatSchema;

/** `message`: a stored message, whole (new, or changed in a way a delta cannot say). */
export const messageEventSchema = chatMessageSchema;

/** `message.delta`: text appended to the text part at `index` of a message already sent. */
export const messageDeltaEventSchema = z.object({
  messageId: z.uuid(),
  version: z.number(),
  index: z.number().int().min(0),
  delta: z.string(),
});
export type MessageDeltaEvent = z.infer<typeof messageDeltaEventSchema>;

/** `tool`: a tool part (call, then its result or error) of a message already sent. */
export const toolEventSchema = z.object({
  messageId: z.uuid(),
  version: z.number(),
  index: z.number().int().min(0),
  part: z.record(z.string(), z.unknown()),
});
export type ToolEvent = z.infer<typeof toolEventSchema>;

/** `workspace`: the bound workspace as the workspaces API shows it (null when unbound or gone). */
export const workspaceEventSchema = z.object({ workspace: workspaceSchema.nullable() });

/** `build.log`: lines of the bound build, in order; `done` once the build is over and all were sent. */
export const buildLogEventSchema = z.object({ buildId: z.uuid(), lines: z.array(buildLogSchema), done: z.boolean() });
export type BuildLogEvent = z.infer<typeof buildLogEventSchema>;

/** `agent.log`: startup-script lines of the bound agent, in order. */
export const agentLogEventSchema = z.object({ agentId: z.uuid(), lines: z.array(agentLogSchema) });
export type AgentLogEvent = z.infer<typeof agentLogEventSchema>;

/**
 * `process.output`: lines a command started by one of the chat's tool calls printed, in order, live
 * while it runs (also after its tool call answered, for a command left in the background). `done`
 * comes once, with the last lines, when the process has ended and everything it printed was sent;
 * `exitCode` is null while running or when a signal ended it.
 */
export const processOutputEventSchema = z.object({
  toolCallId: z.string(),
  processId: z.string(),
  lines: z.array(z.string()),
  done: z.boolean(),
  exitCode: z.number().int().nullable(),
});
export type ProcessOutputEvent = z.infer<typeof processOutputEventSchema>;

export const chatEventSchemas = {
  chat: chatEventSchema,
  message: messageEventSchema,
  "message.delta": messageDeltaEventSchema,
  tool: toolEventSchema,
  workspace: workspaceEventSchema,
  "build.log": buildLogEventSchema,
  "agent.log": agentLogEventSchema,
  "process.output": processOutputEventSchema,
} as const;
export type ChatEventName = keyof typeof chatEventSchemas;
export type ChatEventData<N extends ChatEventName> = z.infer<(typeof chatEventSchemas)[N]>;
