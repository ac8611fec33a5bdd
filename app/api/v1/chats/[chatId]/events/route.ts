import { z } from "zod";
import { route } from "@/lib/api/route";
import { decodeCursor, START_CURSOR } from "@/lib/chat/events/cursor";
import { streamChatEvents } from "@/lib/chat/events/stream-chat-events";
import { loadChatHead } from "@/lib/chat/events/load-chat-head";
import { notFound } from "@/lib/errors";
import { sseResponse } from "@/lib/sse/sse-response";

export const dynamic = "force-dynamic";

// GET /api/v1/chats/:chatId/events[?cursor=] - the chat's live event stream (SSE), resumable by Last-Event-ID
export const GET = route(
  { params: z.object({ chatId: z.uuid() }), query: z.object({ cursor: z.string().max(4000).optional() }) },
  async ({ params, query, actor, request }) => {
    // The check of findOwnChat, read in one batch with every other stream opening now.
    if (!(await loadChatHead({ chatId: params.chatId, ownerId: actor.id }))) throw notFound("chat");
    const resumeFrom = request.headers.get("last-event-id") || query.cursor;
    const cursor = resumeFrom ? decodeCursor(resumeFrom) : START_CURSOR;
    return sseResponse(request, (sink) => streamChatEvents({ chatId: params.chatId, actor, cursor, sink }));
  },
);
