import { readSse, type ReceivedEvent } from "./read-sse";

/** The chat events route's GET (app/api/v1/chats/[chatId]/events/route.ts), which the test passes in. */
type EventsRoute = (request: Request, context: { params: Promise<{ chatId: string }> }) => Promise<Response>;

/**
 * Opens chat event streams through `events` (tests): each with every event it received, and a
 * way to hang up. The route comes from the test, so lib/ never imports app/.
 */
export const chatEventStreamOpener = (events: EventsRoute) =>
  function openChatEventStream({ chatId, session, lastEventId }: { chatId: string; session: string; lastEventId?: string }) {
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
  };
