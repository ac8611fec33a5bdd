import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { deleteChat } from "@/lib/chat/delete-chat";
import { getChat } from "@/lib/chat/get-chat";
import { updateChatSchema } from "@/lib/chat/schemas";
import { toChat, toChatMessage } from "@/lib/chat/to-chat";
import { updateChat } from "@/lib/chat/update-chat";

const params = z.object({ chatId: z.uuid() });

// GET /api/v1/chats/:chatId - one of my chats with its binding, status and messages
export const GET = route({ params }, async ({ params, actor }) => {
  const chat = await getChat({ chatId: params.chatId, actor });
  return json({ ...toChat(chat), messages: chat.messages.map(toChatMessage) });
});

// PATCH /api/v1/chats/:chatId - rename one of my chats
export const PATCH = route({ params, body: updateChatSchema }, async ({ params, body, actor }) =>
  json(toChat(await updateChat({ chatId: params.chatId, input: body, actor }))),
);

// DELETE /api/v1/chats/:chatId - delete one of my chats (its running turn is interrupted first)
export const DELETE = route({ params }, async ({ params, actor }) => json(await deleteChat({ chatId: params.chatId, actor })));
