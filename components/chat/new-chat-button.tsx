"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { createChat } from "@/lib/chat/queries";

/** Creates a chat and opens it. */
export function NewChatButton() {
  const router = useRouter();
  const create = useMutation(createChat(useQueryClient()));
  return (
    <div className="flex flex-col items-start gap-2">
      <Button disabled={create.isPending} onClick={() => create.mutate({}, { onSuccess: (chat) => router.push(`/chats/${chat.id}`) })}>
        New chat
      </Button>
      {create.error ? <Alert>Could not create a chat: {create.error.message}</Alert> : null}
    </div>
  );
}
