import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { interruptTurn } from "@/lib/chat/turns/interrupt-turn";

// POST /api/v1/chats/:chatId/interrupt - stop the assistant's running turn
export const POST = route({ params: z.object({ chatId: z.uuid() }) }, async ({ params, actor }) =>
  json(await interruptTurn({ chatId: params.chatId, actor })),
);
