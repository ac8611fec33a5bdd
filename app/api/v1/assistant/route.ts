import { json, route } from "@/lib/api/route";
import { activeModelLabel } from "@/lib/chat/model/resolve-model";

export const dynamic = "force-dynamic";

// GET /api/v1/assistant - which model answers in chats (shown on the chat page)
export const GET = route({}, async () => json(activeModelLabel()));
