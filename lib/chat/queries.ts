import { queryOptions, skipToken, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type { Workspace } from "@/lib/workspaces/schemas";
import { z } from "zod";
import type { ProcessOutputState } from "./events/apply-process-output";
import {
  assistantModelSchema,
  chatListItemSchema,
  chatSchema,
  interruptResultSchema,
  startTurnResultSchema,
  toolCallResultSchema,
  type ChatListItem,
  type ChatWithMessages,
} from "./schemas";

export const chatKeys = {
  all: ["chats"] as const,
  list: () => [...chatKeys.all, "list"] as const,
  /** The chat with its messages: filled by the chat's event stream (`useChatEvents`). */
  detail: (chatId: string) => [...chatKeys.all, "detail", chatId] as const,
  /** The chat's bound workspace (null: none): filled by the event stream. */
  workspace: (chatId: string) => [...chatKeys.all, "workspace", chatId] as const,
  /** A tool call's process output (`ProcessOutputState`): filled by the event stream, by tool call id. */
  processOutput: (chatId: string, toolCallId: string) => [...chatKeys.all, "process-output", chatId, toolCallId] as const,
  model: () => ["assistant", "model"] as const,
};

// The open chat's stream invalidates the list on its own changes; the other chats' dots are
// refreshed by a slow poll rather than a stream each.
export const chats = () =>
  queryOptions({ queryKey: chatKeys.list(), queryFn: () => apiFetch("/chats", z.array(chatListItemSchema)), refetchInterval: 5_000 });

export const renameChat = (queryClient: QueryClient) => ({
  mutationFn: ({ chatId, title }: { chatId: string; title: string }) =>
    apiFetch(`/chats/${chatId}`, chatSchema, { method: "PATCH", body: { title } }),
  onSuccess: (chat: z.infer<typeof chatSchema>) => {
    queryClient.setQueryData<ChatListItem[]>(chatKeys.list(), (list) => list?.map((c) => (c.id === chat.id ? { ...c, title: chat.title } : c)));
    return queryClient.invalidateQueries({ queryKey: chatKeys.list() });
  },
});

export const deleteChat = (queryClient: QueryClient) => ({
  mutationFn: (chatId: string) => apiFetch(`/chats/${chatId}`, z.object({ deleted: z.literal(true) }), { method: "DELETE" }),
  onSuccess: (_: unknown, chatId: string) => {
    queryClient.setQueryData<ChatListItem[]>(chatKeys.list(), (list) => list?.filter((c) => c.id !== chatId));
    return queryClient.invalidateQueries({ queryKey: chatKeys.list() });
  },
});

// Fed by the event stream only: a fetch racing the stream could put an older state over a
// newer one. They stay pending until the stream's first events arrive (milliseconds).
export const chatById = (chatId: string) =>
  queryOptions<ChatWithMessages>({ queryKey: chatKeys.detail(chatId), queryFn: skipToken, staleTime: Infinity });

export const chatWorkspace = (chatId: string) =>
  queryOptions<{ workspace: Workspace | null }>({ queryKey: chatKeys.workspace(chatId), queryFn: skipToken, staleTime: Infinity });

/** The output a tool call's process printed so far, as the chat's event stream fills it. */
export const processOutput = (chatId: string, toolCallId: string) =>
  queryOptions<ProcessOutputState>({ queryKey: chatKeys.processOutput(chatId, toolCallId), queryFn: skipToken, staleTime: Infinity });

/** The assistant's model, for the label on the chat page. */
export const assistantModel = () =>
  queryOptions({ queryKey: chatKeys.model(), queryFn: () => apiFetch("/assistant", assistantModelSchema), staleTime: Infinity });

export const createChat = (queryClient: QueryClient) => ({
  mutationFn: (input: { title?: string } = {}) => apiFetch("/chats", chatSchema, { body: input }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: chatKeys.list() }),
});

export const sendMessage = (chatId: string) => ({
  mutationFn: (content: string) => apiFetch(`/chats/${chatId}/messages`, startTurnResultSchema, { body: { content } }),
});

export const interruptTurn = (chatId: string) => ({
  mutationFn: () => apiFetch(`/chats/${chatId}/interrupt`, interruptResultSchema, { method: "POST" }),
});

/**
 * One tool run directly in the chat (`POST /chats/:id/tools/:tool`), as a button does: the call
 * and its result reach the transcript through the chat's event stream, so nothing is invalidated.
 */
export const runChatTool = (chatId: string) => ({
  mutationFn: ({ tool, input }: { tool: string; input: Record<string, unknown> }) =>
    apiFetch(`/chats/${chatId}/tools/${encodeURIComponent(tool)}`, toolCallResultSchema, { body: { input } }),
});
