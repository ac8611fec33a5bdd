"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/workspaces/status-badge";
import { assistantModel } from "@/lib/chat/queries";
import type { Chat } from "@/lib/chat/schemas";

/** The chat's title and status, and the model that answers in it. */
export function ChatHeader({ title, status }: { title: string; status: Chat["status"] }) {
  const { data: model, error } = useQuery(assistantModel());
  return (
    <header className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{title || "Untitled chat"}</h1>
        <StatusBadge status={status} label={status === "running" ? "answering" : status} testId="chat-status" />
        <p className="ml-auto text-sm text-stone-600 dark:text-stone-400">
          Model: <span data-testid="model-label">{model?.label ?? (error ? "unknown" : "…")}</span>
        </p>
      </div>
      {model?.error ? <Alert>The assistant is not configured correctly: {model.error}</Alert> : null}
      {error ? <Alert>Could not load the model: {error.message}</Alert> : null}
    </header>
  );
}
