import type { ChatWithMessages } from "@/lib/chat/schemas";
import { activeToolCallId, templateLabelsById } from "@/lib/chat/view/tool-part";
import { AssistantMessage } from "./assistant-message";
import { UserMessage } from "./user-message";

/** The conversation, announced politely as it grows (not while the history loads). */
export function ChatTranscript({ chat, isReplaying }: { chat: ChatWithMessages; isReplaying: boolean }) {
  const activeCallId = activeToolCallId(chat);
  const templateLabels = templateLabelsById(chat.messages);
  const last = chat.messages.at(-1);
  // Between the user's message and the assistant's first words there is nothing to show yet.
  const isThinking = chat.status === "running" && (last?.role !== "assistant" || last.parts.length === 0);
  return (
    <section aria-labelledby="conversation-heading" className="flex flex-col gap-2">
      <h2 id="conversation-heading" className="sr-only">
        Conversation
      </h2>
      {/* Busy while the stream replays the history: screen readers announce what comes after. */}
      <div role="log" aria-label="Conversation" aria-live="polite" aria-busy={isReplaying} className="flex flex-col gap-4">
        {chat.messages.length === 0 ? (
          <p className="text-sm text-stone-600 dark:text-stone-400">
            No messages yet. Ask for a workspace, for example “list templates”, then “create a workspace from &lt;template&gt;”.
          </p>
        ) : null}
        {chat.messages.map((message) =>
          message.role === "user" ? (
            <UserMessage key={message.id} message={message} />
          ) : message.role === "assistant" ? (
            <AssistantMessage
              key={message.id}
              message={message}
              chat={chat}
              activeCallId={activeCallId}
              templateLabels={templateLabels}
            />
          ) : null,
        )}
        {isThinking ? <p className="text-sm text-stone-600 dark:text-stone-400">The assistant is thinking…</p> : null}
      </div>
    </section>
  );
}
