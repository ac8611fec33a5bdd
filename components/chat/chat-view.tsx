"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { useChatEvents } from "@/lib/chat/events/use-chat-events";
import { chatById } from "@/lib/chat/queries";
import { ChatHeader } from "./chat-header";
import { ChatTranscript } from "./chat-transcript";
import { MessageComposer } from "./message-composer";
import { WorkspacePanel } from "./workspace-panel";

/** The chat page: its one event stream feeds everything below through the query cache. */
export function ChatView({ chatId }: { chatId: string }) {
  const { isConnected, isSynced } = useChatEvents(chatId);
  const { data: chat } = useQuery(chatById(chatId));
  const bottomRef = useRef<HTMLDivElement>(null);
  const messageCount = chat?.messages.length ?? 0;

  // A new message (sent, or the assistant's next one) brings the end of the conversation and
  // the composer into view; text streaming into a message does not move the page.
  useEffect(() => {
    if (messageCount > 0) bottomRef.current?.scrollIntoView({ block: "nearest" });
  }, [messageCount]);

  if (!chat) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading chat…</p>;
  const isRunning = chat.status === "running";
  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="flex min-w-0 flex-col gap-4">
        <ChatHeader title={chat.title} status={chat.status} />
        {isConnected ? null : <Alert>Lost the connection to the server; reconnecting…</Alert>}
        <ChatTranscript chat={chat} isReplaying={!isSynced} />
        {chat.status === "error" ? <Alert>{chat.error ?? "The assistant's turn failed."}</Alert> : null}
        <MessageComposer chatId={chatId} isRunning={isRunning} />
        <div ref={bottomRef} />
      </div>
      <WorkspacePanel chatId={chatId} agentId={chat.agentId} />
    </div>
  );
}
