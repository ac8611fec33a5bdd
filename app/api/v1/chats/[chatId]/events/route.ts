import { z } from "zod";
import { route } from "@/lib/api/route";
import { decodeCursor, START_CURSOR } from "@/lib/chat/events/cursor";
import { openChatEvents } from "@/lib/chat/events/stream-chat-events";
import { sseResponse } from "@/lib/sse/sse-response";

export const dynamic = "force-dynamic";

// GET /api/v1/chats/:chatId/events[?cursor=] - the chat's live event stream (SSE), resumable by Last-Event-ID
export const GET = route(
  { params: z.object({ chatId: z.uuid() }), query: z.object({ cursor: z.string().max(4000).optional() }) },
  async ({ params, query, actor, request }) => {
    const resumeFrom = request.headers.get("last-event-id") || query.cursor;
    const cursor = resumeFrom ? decodeCursor(resumeFrom) : START_CURSOR;
    // Subscribes and reads the chat (another user's answers 404 here, before any stream opens).
    return sseResponse(request, await openChatEvents({ chatId: params.chatId, actor, cursor }));
  },
);
