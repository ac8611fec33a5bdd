import { z } from "zod";

export const chatStatusSchema = z.enum(["idle", "running", "error"]);

/** The five tools a chat's assistant may call: the allow-list. */
export const chatToolNameSchema = z.enum([
  "create_workspace",
  "list_templates",
  "read_template",
  "start_workspace",
  "stop_workspace",
  "execute",
  "process_output",
  "process_list",
  "process_signal",
  "read_file",
  "write_file",
  "edit_files",
]);
export type ChatToolName = z.infer<typeof chatToolNameSchema>;

export const chatSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  organizationId: z.uuid(),
  title: z.string(),
  status: chatStatusSchema,
  error: z.string().nullable(),
  workspaceId: z.uuid().nullable(),
  buildId: z.uuid().nullable(),
  agentId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Chat = z.infer<typeof chatSchema>;

/**
 * What a chat is doing, for its dot in the sidebar: the assistant is answering, a build it asked
 * for is running, or its last turn is done / failed (turn error or a failed bound build).
 */
export const chatActivitySchema = z.enum(["answering", "building", "done", "failed"]);
export type ChatActivity = z.infer<typeof chatActivitySchema>;

/** GET /chats: each chat with its activity. */
export const chatListItemSchema = chatSchema.extend({ activity: chatActivitySchema });
export type ChatListItem = z.infer<typeof chatListItemSchema>;

/** PATCH /chats/:id. */
export const updateChatSchema = z.object({ title: z.string().trim().min(1, "required").max(200, "at most 200 characters") });
export type UpdateChatInput = z.infer<typeof updateChatSchema>;

/** A stored message: AI SDK UI message parts. */
export const chatMessageSchema = z.object({
  id: z.uuid(),
  seq: z.number(),
  /** Grows with every change of the message: the chat event stream's message cursor. */
  version: z.number(),
  role: z.enum(["user", "assistant", "system"]),
  parts: z.array(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const chatWithMessagesSchema = chatSchema.extend({ messages: z.array(chatMessageSchema) });
export type ChatWithMessages = z.infer<typeof chatWithMessagesSchema>;

export const createChatSchema = z.object({
  title: z.string().trim().max(200, "at most 200 characters").optional(),
  organizationId: z.uuid().optional(),
});

export const runToolSchema = z.object({
  input: z.unknown().default({}),
  /**
   * The call's id (generated when absent). A retry with the same id is the same call: `execute`
   * re-attaches to the process it started instead of running the command again.
   */
  toolCallId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "1-100 letters, digits, '_' or '-'").optional(),
});

/** What `POST /chats/:id/tools/:tool` answers: a text error is a string with isError true. */
export const toolCallResultSchema = z.object({ output: z.unknown(), isError: z.boolean() });
export type ToolCallResult = z.infer<typeof toolCallResultSchema>;

/** GET /assistant: which model answers, or why the configured one cannot. */
export const assistantModelSchema = z.object({ label: z.string(), error: z.string().nullable() });
/** POST /chats/:id/messages (202): the stored user message. */
export const startTurnResultSchema = z.object({ messageId: z.string() });
/** POST /chats/:id/interrupt: whether a turn was running. */
export const interruptResultSchema = z.object({ interrupted: z.boolean() });
