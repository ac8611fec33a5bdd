import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../schemas";
import { applyDelta, applyMessage, applyTool } from "./apply-chat-event";
import { messageEvent } from "./message-events";

const ID = "11111111-1111-4111-8111-111111111111";
const message = (version: number, parts: ChatMessage["parts"]): ChatMessage => ({
  id: ID,
  seq: 1,
  version,
  role: "assistant",
  parts,
  createdAt: "2026-11-24T00:00:00.000Z",
  updatedAt: "2026-11-24T00:00:00.000Z",
});
const text = (value: string, state = "streaming") => ({ type: "text", text: value, state });
const tool = (state: string, extra: Record<string, unknown> = {}) => ({ type: "tool-create_workspace", toolCallId: "c1", state, input: {}, ...extra });

describe("messageEvent", () => {
  it("sends a message this connection has not sent whole", () => {
    expect(messageEvent(undefined, message(1, [text("hi")])).event).toBe("message");
  });

  it("sends appended text as a delta", () => {
    const event = messageEvent([text("Hel")], message(2, [text("Hello")]));
    expect(event).toEqual({ event: "message.delta", data: { messageId: ID, version: 2, index: 0, delta: "lo" } });
  });

  it("sends a changed tool part as a tool event", () => {
    const event = messageEvent([text("ok", "done"), tool("input-available")], message(3, [text("ok", "done"), tool("output-available", { output: { created: true } })]));
    expect(event.event).toBe("tool");
    expect(event.data).toMatchObject({ index: 1, part: { state: "output-available" } });
  });

  it("sends the whole message when text was rewritten, a text part changed state, parts vanished or two parts changed", () => {
    expect(messageEvent([text("Hello")], message(2, [text("Help")])).event).toBe("message");
    expect(messageEvent([text("Hi")], message(2, [text("Hi", "done")])).event).toBe("message");
    expect(messageEvent([text("a"), tool("input-available")], message(2, [text("a")])).event).toBe("message");
    expect(messageEvent([text("a")], message(2, [text("ab"), tool("input-available")])).event).toBe("message");
  });

  it("rebuilds the stored message when its events are applied in order, and ignores stale ones", () => {
    const versions = [message(1, []), message(2, [text("He")]), message(3, [text("Hello")]), message(4, [text("Hello", "done"), tool("input-available")]), message(5, [text("Hello", "done"), tool("output-available", { output: 1 })])];
    let cached = { id: "c", messages: [] as ChatMessage[] } as unknown as Parameters<typeof applyMessage>[0];
    let sent: ChatMessage["parts"] | undefined;
    for (const version of versions) {
      const event = messageEvent(sent, version);
      sent = version.parts;
      if (event.event === "message") cached = applyMessage(cached, event.data);
      if (event.event === "message.delta") cached = applyDelta(cached, event.data);
      if (event.event === "tool") cached = applyTool(cached, event.data);
    }
    expect(cached!.messages).toEqual([versions.at(-1)]);
    // A replay of an older version changes nothing.
    expect(applyMessage(cached, versions[2]!)).toBe(cached);
    expect(applyDelta(cached, { messageId: ID, version: 3, index: 0, delta: "x" })).toBe(cached);
  });
});
