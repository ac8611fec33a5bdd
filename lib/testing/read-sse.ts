/** One parsed server-sent event. */
export type ReceivedEvent = { id?: string; event: string; data: unknown; receivedAt: number };

/**
 * Reads an SSE response body event by event (tests). Calls `onEvent` for each; resolves when
 * the stream ends.
 */
export async function readSse(response: Response, onEvent: (event: ReceivedEvent) => void): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value;
    let index: number;
    while ((index = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      let id: string | undefined;
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        if (line.startsWith("id: ")) id = line.slice(4);
        else if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length) onEvent({ id, event, data: JSON.parse(data.join("\n")), receivedAt: Date.now() });
    }
  }
}
