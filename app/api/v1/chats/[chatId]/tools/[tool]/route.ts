import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import { chatToolNameSchema, runToolSchema } from "@/lib/chat/schemas";
import { AppError } from "@/lib/errors";

const params = z.object({ chatId: z.uuid(), tool: z.string() });

// POST /api/v1/chats/:chatId/tools/:tool - run one tool in my chat, recorded like a model's call
export const POST = route({ params, body: runToolSchema }, async ({ params, body, actor, origin }) => {
  // A name off the allow-list is a resource that does not exist (404), not a malformed request.
  const tool = chatToolNameSchema.safeParse(params.tool);
  if (!tool.success) throw new AppError("not_found", "unknown tool");
  return json(await runChatTool({ chatId: params.chatId, actor, tool: tool.data, input: body.input, toolCallId: body.toolCallId, requestIp: origin.requestIp }));
});
