import { GET as events } from "@/app/api/v1/chats/[chatId]/events/route";
import { readSse, type ReceivedEvent } from "./read-sse";

/** An open chat event stream (tests): every event it received, and a way to hang up. */
export function openChatEventStream({ chatId, session, lastEventId }: { chatId: string; session: string; lastEventId?: string }) {
  const controller = new AbortController();
  const received: ReceivedEvent[] = [];
  const headers: Record<string, string> = { cookie: `kiln_session=${session}`, host: "kiln.test" };
  if (lastEventId) headers["last-event-id"] = lastEventId;
  const request = new Request(`http://kiln.test/api/v1/chats/${chatId}/events`, { headers, signal: controller.signal });
  const finished = events(request, { params: Promise.resolve({ chatId }) }).then((response) =>
    readSse(response, (event) => {
      if (!controller.signal.aborted) received.push(event);
    }).catch((error: unknown) => {
      if (!controller.signal.aborted) throw error;
    }),
  );
  return { received, finished, close: () => controller.abort() };
}
