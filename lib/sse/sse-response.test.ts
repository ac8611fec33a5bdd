import { describe, expect, it } from "vitest";
import { sseResponse } from "./sse-response";

const line = "x".repeat(10_000);

describe("sseResponse", () => {
  it("holds a sender in ready() while the client reads nothing, and lets it go on as the client reads", async () => {
    let sent = 0;
    let finished = false;
    const response = sseResponse(new Request("http://kiln.test/"), async (sink) => {
      for (let i = 0; i < 200; i++) {
        await sink.ready();
        sink.send({ event: "line", data: line });
        sent += 1;
      }
      finished = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // ~256 kB queued: a few dozen 10 kB events, not all 200 (2 MB).
    expect(sent).toBeGreaterThan(10);
    expect(sent).toBeLessThan(60);
    const text = await response.text();
    expect(finished).toBe(true);
    expect(text.split("event: line").length - 1).toBe(200);
  });

  it("closes at once for a client gone before the stream started, still handing run an aborted sink (it may hold subscriptions to release)", async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    let ran = false;
    const response = sseResponse(new Request("http://kiln.test/", { signal: controller.signal }), async (sink) => {
      calls += 1;
      ran = !sink.signal.aborted;
    });
    expect(await response.text()).toBe("");
    expect(calls).toBe(1);
    expect(ran).toBe(false);
  });
});
