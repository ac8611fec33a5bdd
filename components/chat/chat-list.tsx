"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/workspaces/status-badge";
import { chats } from "@/lib/chat/queries";

/** The signed-in user's chats, newest activity as the API orders them. */
export function ChatList() {
  const { data, error, isPending } = useQuery(chats());
  if (isPending) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading chats…</p>;
  if (error) return <Alert>{error.message}</Alert>;
  if (data.length === 0) {
    return <p className="text-sm text-stone-600 dark:text-stone-400">You have no chats yet. Start one to ask the assistant for a workspace.</p>;
  }
  return (
    <ul className="flex flex-col divide-y divide-stone-200 rounded-lg border border-stone-200 dark:divide-stone-800 dark:border-stone-800">
      {data.map((chat) => (
        <li key={chat.id}>
          <Link
            href={`/chats/${chat.id}`}
            data-testid="chat-link"
            className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm hover:bg-stone-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-orange-500 dark:hover:bg-stone-900"
          >
            <span className="font-medium text-orange-700 dark:text-orange-400">{chat.title || "Untitled chat"}</span>
            <StatusBadge status={chat.status} />
            <span className="ml-auto text-xs text-stone-600 dark:text-stone-400">
              Updated <time dateTime={chat.updatedAt}>{new Date(chat.updatedAt).toLocaleString()}</time>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
