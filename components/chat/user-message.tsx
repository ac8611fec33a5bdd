import type { ChatMessage } from "@/lib/chat/schemas";

/** What the user wrote, as plain text. */
export function UserMessage({ message }: { message: ChatMessage }) {
  const text = message.parts.map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
  return (
    <div data-testid="message-user" className="flex flex-col items-end gap-1">
      <span className="text-xs font-medium text-stone-600 dark:text-stone-400">You</span>
      <p className="max-w-[85%] rounded-lg bg-orange-50 px-3 py-2 text-sm whitespace-pre-wrap break-words dark:bg-orange-950/40">{text}</p>
    </div>
  );
}
