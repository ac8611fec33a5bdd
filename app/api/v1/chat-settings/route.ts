import { json, route } from "@/lib/api/route";
import { getChatSettings } from "@/lib/chat-settings/get-chat-settings";
import { updateChatSettingsSchema } from "@/lib/chat-settings/schemas";
import { updateChatSettings } from "@/lib/chat-settings/update-chat-settings";

// GET /api/v1/chat-settings - chat workspace TTL (0 = template default) and workspaces per user (0 = unlimited)
export const GET = route({}, async () => json(await getChatSettings()));

// PUT /api/v1/chat-settings - an admin sets the chat workspace TTL and, optionally, the workspace quota
export const PUT = route({ access: "admin", body: updateChatSettingsSchema }, async ({ body, actor, origin }) =>
  json(await updateChatSettings({ input: body, actor, requestIp: origin.requestIp })),
);
