import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { startTurn } from "@/lib/chat/turns/start-turn";

// POST /api/v1/chats/:chatId/messages - store a message and start the assistant's turn (202)
export const POST = route(
  { params: z.object({ chatId: z.uuid() }), body: z.object({ content: z.string().trim().min(1, "required").max(20_000, "at most 20000 characters") }) },
  async ({ params, body, actor, origin }) =>
    json(await startTurn({ chatId: params.chatId, actor, content: body.content, requestIp: origin.requestIp }), 202),
);
