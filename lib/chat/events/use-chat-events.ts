"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { z } from "zod";
import { appendLogLines } from "@/lib/logs/append-log-lines";
import { logKeys } from "@/lib/logs/queries";
import { chatKeys } from "../queries";
import type { ChatWithMessages } from "../schemas";
import { applyChatRow, applyDelta, applyMessage, applyTool } from "./apply-chat-event";
import { applyProcessOutput, type ProcessOutputState } from "./apply-process-output";
import { chatEventSchemas, type ChatEventName } from "./schemas";

/** Pause before opening afresh a stream the server closed for good. */
const REOPEN_AFTER_MS = 3000;

/** Puts each event of a chat's stream into the query cache. */
function feedCache(source: EventSource, queryClient: QueryClient, chatId: string): void {
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
  on("workspace", (data) => {
    queryClient.setQueryData(chatKeys.workspace(chatId), data);
    // The sidebar's dot follows the bound build ("building" → done / failed).
    void queryClient.invalidateQueries({ queryKey: chatKeys.list() });
  });
  on("build.log", ({ buildId, lines, done }) => appendLogLines(queryClient, logKeys.build(buildId), lines, done));
  on("agent.log", ({ agentId, lines }) => appendLogLines(queryClient, logKeys.agent(agentId), lines));
  // This source's replay started from its own cursor: the first event of a call from a source
  // opened afresh starts at the first line, the ones after it continue.
  const seenCalls = new Set<string>();
  on("process.output", (event) => {
    const isFirstOfStream = !seenCalls.has(event.toolCallId);
    seenCalls.add(event.toolCallId);
    queryClient.setQueryData<ProcessOutputState>(chatKeys.processOutput(chatId, event.toolCallId), (cached) =>
      applyProcessOutput(cached, event, { isFirstOfStream }),
    );
  });
}

/**
 * Opens the chat's one event stream and keeps the query cache current from it: the chat and
 * its messages, the bound workspace, and the build and startup logs. Components just read
 * queries. A dropped connection resumes by itself (EventSource sends the last event id); one the
 * server refused (an expired session, a cursor it no longer takes) is opened afresh after a
 * pause, replaying from the start (the cache drops what it already has). Says whether the stream
 * is connected, for the page to tell when it is not, and whether its first replay is done (until
 * then events are history, not news to announce).
 */
export function useChatEvents(chatId: string): { isConnected: boolean; isSynced: boolean } {
  const queryClient = useQueryClient();
  const [isConnected, setConnected] = useState(true);
  const [isSynced, setSynced] = useState(false);
  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      const current = new EventSource(`/api/v1/chats/${chatId}/events`);
      source = current;
      current.addEventListener("open", () => setConnected(true));
      current.addEventListener("synced", () => setSynced(true));
      current.addEventListener("error", () => {
        setConnected(false);
        if (current.readyState === EventSource.CLOSED) retry = setTimeout(open, REOPEN_AFTER_MS);
      });
      feedCache(current, queryClient, chatId);
    };
    open();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [chatId, queryClient]);
  return { isConnected, isSynced };
}
