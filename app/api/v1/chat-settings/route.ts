import { json, route } from "@/lib/api/route";
import { getChatSettings } from "@/lib/chat-settings/get-chat-settings";
import { chatSettingsSchema } from "@/lib/chat-settings/schemas";
import { updateChatSettings } from "@/lib/chat-settings/update-chat-settings";

// GET /api/v1/chat-settings - the chat workspace TTL (0 = template default), for any signed-in user
export const GET = route({}, async () => json(await getChatSettings()));

// PUT /api/v1/chat-settings - an admin sets the chat workspace TTL: 0, or 1 minute to 30 days
export const PUT = route({ access: "admin", body: chatSettingsSchema }, async ({ body, actor }) =>
  json(await updateChatSettings({ input: body, actor })),
);
