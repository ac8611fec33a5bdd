import type { IPty } from "@lydell/node-pty";
import { describe, expect, it } from "vitest";
import { Terminal, UNPARSED_HIGH } from "./terminal";

/** A pty the test drives: output is pushed by hand, pause and resume are recorded. */
function fakePty() {
  const dataListeners: ((data: string) => void)[] = [];
  const calls: string[] = [];
  const pty = {
    onData: (listener: (data: string) => void) => {
      dataListeners.push(listener);
      return { dispose: () => {} };
    },
    onExit: () => ({ dispose: () => {} }),
    write: () => {},
    resize: () => {},
    kill: () => {},
    pause: () => calls.push("pause"),
    resume: () => calls.push("resume"),
  } as unknown as IPty;
  return { pty, calls, emit: (data: string) => dataListeners.forEach((listener) => listener(data)) };
}

describe("Terminal flow control", () => {
  it("stops reading the program past the unparsed mark and reads on once the screen caught up, passing every byte on", async () => {
    const { pty, calls, emit } = fakePty();
    const terminal = new Terminal("t", pty, { cols: 80, rows: 24, now: () => 0 });
    const seen: string[] = [];
    await terminal.watch(undefined, (event) => {
      if (event.type === "output") seen.push(event.data);
    });
    const chunk = "y\r\n".repeat(8 * 1024);
    // The headless terminal parses later (in its own turns): the backlog builds up at once.
    for (let i = 0; i * chunk.length <= UNPARSED_HIGH; i++) emit(chunk);
    expect(calls).toEqual(["pause"]);
    expect(terminal.unparsedChars).toBeGreaterThan(UNPARSED_HIGH);
    // What arrives meanwhile (a read already under way) is still kept and passed on.
    emit(chunk);
    expect(calls).toEqual(["pause"]);
    await expect.poll(() => calls).toEqual(["pause", "resume"]);
    await expect.poll(() => terminal.unparsedChars).toBe(0);
    expect(seen.join("")).toBe(chunk.repeat(seen.length));
    terminal.close();
  });

  it("never pauses a terminal whose output the screen keeps up with", async () => {
    const { pty, calls, emit } = fakePty();
    const terminal = new Terminal("t", pty, { cols: 80, rows: 24, now: () => 0 });
    for (let i = 0; i < 20; i++) {
      emit("x".repeat(4096));
      await expect.poll(() => terminal.unparsedChars).toBe(0);
    }
    expect(calls).toEqual([]);
    terminal.close();
  });
});
