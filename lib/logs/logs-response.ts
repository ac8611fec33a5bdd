import "server-only";
import { json } from "@/lib/api/route";
import { sseResponse } from "@/lib/sse/sse-response";
import { followRows } from "./follow-rows";
import { isFollow } from "./schemas";

type Source<T> = { load: (after: number, limit?: number) => Promise<T[]>; isDone: () => Promise<boolean> };

/**
 * Answers a logs request: JSON lines after the cursor, or with follow an SSE stream that goes
 * on until the source is done. `Last-Event-ID` (a reconnecting EventSource) wins over `after`.
 */
export function logsResponse<T extends { id: number }>({
  request,
  query,
  source,
  channel,
  event,
}: {
  request: Request;
  query: { after: number; follow?: string; limit: number };
  source: Source<T>;
  channel: string;
  event: string;
}): Promise<Response> | Response {
  if (!isFollow(query.follow)) return source.load(query.after, query.limit).then((rows) => json(rows));
  const lastEventId = Number(request.headers.get("last-event-id"));
  const after = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : query.after;
  return sseResponse(request, (sink) => followRows({ sink, after, channel, event, load: (a) => source.load(a), isDone: source.isDone }));
}

