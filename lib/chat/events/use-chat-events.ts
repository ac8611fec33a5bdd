"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { z } from "zod";
import { appendLogLines } from "@/lib/logs/append-log-lines";
import { logKeys } from "@/lib/logs/queries";
import { chatKeys } from "../queries";
import type { ChatWithMessages } from "../schemas";
import { applyChatRow, applyDelta, applyMessage, applyTool } from "./apply-chat-event";
import { chatEventSchemas, type ChatEventName } from "./schemas";

/**
 * Opens the chat's one event stream and keeps the query cache current from it: the chat and
 * its messages, the bound workspace, and the build and startup logs. Components just read
 * queries. A dropped connection resumes by itself (EventSource sends the last event id).
 */
export function useChatEvents(chatId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource(`/api/v1/chats/${chatId}/events`);
    const on = <N extends ChatEventName>(name: N, handle: (data: z.infer<(typeof chatEventSchemas)[N]>) => void) =>
      source.addEventListener(name, (event) => {
        const parsed = chatEventSchemas[name].safeParse(JSON.parse((event as MessageEvent<string>).data));
        if (parsed.success) handle(parsed.data as z.infer<(typeof chatEventSchemas)[N]>);
        else console.error(`chat event ${name} did not parse:`, parsed.error);
      });
    const updateChat = (update: (cached: ChatWithMessages | undefined) => ChatWithMessages | undefined) =>
      queryClient.setQueryData<ChatWithMessages>(chatKeys.detail(chatId), update);

    on("chat", (chat) => {
      updateChat((cached) => applyChatRow(cached, chat));
      void queryClient.invalidateQueries({ queryKey: chatKeys.list() });
    });
    on("message", (message) => updateChat((cached) => applyMessage(cached, message)));
    on("message.delta", (delta) => updateChat((cached) => applyDelta(cached, delta)));
    on("tool", (tool) => updateChat((cached) => applyTool(cached, tool)));
    on("workspace", (data) => queryClient.setQueryData(chatKeys.workspace(chatId), data));
    on("build.log", ({ buildId, lines, done }) => appendLogLines(queryClient, logKeys.build(buildId), lines, done));
    on("agent.log", ({ agentId, lines }) => appendLogLines(queryClient, logKeys.agent(agentId), lines));
    return () => source.close();
  }, [chatId, queryClient]);
}
