import type { Chat, ChatMessage } from "@/lib/chat/schemas";
import { toolCardState } from "@/lib/chat/view/tool-outcome";
import { toToolPart } from "@/lib/chat/view/tool-part";
import { MarkdownText } from "./markdown-text";
import { ToolCard } from "./tool-card";

/** The assistant's message, part by part: text as markdown, a card per tool call. */
export function AssistantMessage({
  message,
  chat,
  activeCallId,
  templateLabels,
}: {
  message: ChatMessage;
  chat: Pick<Chat, "id" | "buildId" | "agentId">;
  activeCallId: string | null;
  templateLabels: ReadonlyMap<string, string>;
}) {
  return (
    <div data-testid="message-assistant" className="flex flex-col gap-2">
      <span className="text-xs font-medium text-stone-600 dark:text-stone-400">Assistant</span>
      {message.parts.map((part, index) => {
        if (part.type === "text") {
          return typeof part.text === "string" && part.text ? <MarkdownText key={index} text={part.text} /> : null;
        }
        const tool = toToolPart(part);
        if (!tool) return null;
        return (
          <ToolCard
            key={tool.toolCallId}
            part={tool}
            state={toolCardState(tool)}
            chat={chat}
            isActive={tool.toolCallId === activeCallId}
            templateLabels={templateLabels}
          />
        );
      })}
    </div>
  );
}
