import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { getChat } from "@/lib/chat/get-chat";
import { toChat, toChatMessage } from "@/lib/chat/to-chat";

// GET /api/v1/chats/:chatId - one of my chats with its binding, status and messages
export const GET = route({ params: z.object({ chatId: z.uuid() }) }, async ({ params, actor }) => {
  const chat = await getChat({ chatId: params.chatId, actor });
  return json({ ...toChat(chat), messages: chat.messages.map(toChatMessage) });
});
