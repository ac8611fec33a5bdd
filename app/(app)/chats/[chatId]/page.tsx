import { notFound } from "next/navigation";
import { z } from "zod";
import { ChatView } from "@/components/chat/chat-view";
import { requirePageActor } from "@/lib/auth/page-actor";
import { findOwnChat } from "@/lib/chat/find-own-chat";
import { AppError } from "@/lib/errors";

export default async function ChatPage({ params }: { params: Promise<{ chatId: string }> }) {
  const { chatId } = await params;
  const actor = await requirePageActor();
  // Someone else's chat, or none: the same 404 as the API (its existence stays hidden).
  if (!z.uuid().safeParse(chatId).success) notFound();
  try {
    await findOwnChat({ chatId, actor });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  return <ChatView chatId={chatId} />;
}
