"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { FIELD_CONTROL_CLASS } from "@/components/ui/field-styles";
import { chats, deleteChat, renameChat } from "@/lib/chat/queries";
import type { ChatActivity, ChatListItem } from "@/lib/chat/schemas";

// The dot's colour is backed by words (sr-only and the title): status is never colour alone.
const DOTS: Record<ChatActivity, { tone: string; label: string }> = {
  answering: { tone: "bg-amber-500 animate-pulse", label: "answering" },
  building: { tone: "bg-sky-600 animate-pulse", label: "waiting on a build" },
  done: { tone: "bg-emerald-600", label: "done" },
  failed: { tone: "bg-red-600", label: "failed" },
};

const SMALL_BUTTON =
  "rounded px-1.5 py-0.5 text-xs text-stone-700 hover:bg-stone-200 focus-visible:outline-2 focus-visible:outline-orange-500 dark:text-stone-300 dark:hover:bg-stone-800";

/** The user's chats beside the open one: newest first, a dot for what each is doing, rename and delete. */
export function ChatSidebar() {
  const { data, error } = useQuery(chats());
  const params = useParams<{ chatId?: string }>();
  return (
    <nav aria-label="Your chats" className="flex flex-col gap-2" data-testid="chat-sidebar">
      <h2 className="text-sm font-semibold">Your chats</h2>
      {error ? <Alert>{error.message}</Alert> : null}
      {data && data.length === 0 ? <p className="text-sm text-stone-600 dark:text-stone-400">No chats yet.</p> : null}
      <ul className="flex flex-col gap-0.5">
        {data?.map((chat) => <SidebarItem key={chat.id} chat={chat} isCurrent={chat.id === params.chatId} />)}
      </ul>
    </nav>
  );
}

function SidebarItem({ chat, isCurrent }: { chat: ChatListItem; isCurrent: boolean }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const rename = useMutation(renameChat(queryClient));
  const remove = useMutation(deleteChat(queryClient));
  const [draft, setDraft] = useState<string | null>(null);
  const title = chat.title || "Untitled chat";
  const dot = DOTS[chat.activity];

  const save = (event: FormEvent) => {
    event.preventDefault();
    const next = (draft ?? "").trim();
    if (next === "" || next === chat.title) return setDraft(null);
    rename.mutate({ chatId: chat.id, title: next }, { onSuccess: () => setDraft(null) });
  };

  return (
    <li data-testid="sidebar-chat" data-chat-id={chat.id} data-activity={chat.activity} className={`flex flex-col rounded-md px-2 py-1 ${isCurrent ? "bg-stone-200 dark:bg-stone-800" : ""}`}>
      {draft === null ? (
        <div className="flex items-center gap-2">
          <span aria-hidden="true" title={dot.label} className={`inline-block h-2 w-2 shrink-0 rounded-full ${dot.tone}`} />
          <Link
            href={`/chats/${chat.id}`}
            aria-current={isCurrent ? "page" : undefined}
            className="min-w-0 flex-1 truncate text-sm hover:underline focus-visible:outline-2 focus-visible:outline-orange-500"
          >
            {title}
            <span className="sr-only">, {dot.label}</span>
          </Link>
          <button type="button" className={SMALL_BUTTON} aria-label={`Rename ${title}`} onClick={() => setDraft(chat.title)}>
            Rename
          </button>
          <button
            type="button"
            className={SMALL_BUTTON}
            aria-label={`Delete ${title}`}
            disabled={remove.isPending}
            onClick={() => {
              if (!window.confirm(`Delete the chat “${title}”? Its messages are removed; its workspace stays.`)) return;
              remove.mutate(chat.id, { onSuccess: () => (isCurrent ? router.push("/chats") : undefined) });
            }}
          >
            Delete
          </button>
        </div>
      ) : (
        <form onSubmit={save} className="flex items-center gap-1">
          <input
            aria-label="Chat title"
            value={draft}
            maxLength={200}
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setDraft(null);
            }}
            className={`${FIELD_CONTROL_CLASS} min-w-0 flex-1 px-2 py-1`}
          />
          <button type="submit" className={SMALL_BUTTON} disabled={rename.isPending}>
            Save
          </button>
        </form>
      )}
      {rename.error ?? remove.error ? <p className="text-xs text-red-700 dark:text-red-400">{(rename.error ?? remove.error)!.message}</p> : null}
    </li>
  );
}
