import { json, route } from "@/lib/api/route";
import { createChat } from "@/lib/chat/create-chat";
import { listChats } from "@/lib/chat/list-chats";
import { createChatSchema } from "@/lib/chat/schemas";
import { toChat } from "@/lib/chat/to-chat";

// GET /api/v1/chats - my chats, most recently active first
export const GET = route({}, async ({ actor }) => json(await listChats({ actor })));

// POST /api/v1/chats - start an empty chat in my default organisation or a named one of mine
export const POST = route({ body: createChatSchema }, async ({ body, actor }) =>
  json(toChat(await createChat({ input: body, actor })), 201),
);
