import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TerminalEvent } from "./terminal";
import { TERMINAL_BUFFER_BYTES, UNPARSED_HIGH } from "./terminal";
import { TerminalManager, UNWATCHED_TERMINAL_MS } from "./terminal-manager";

// Real pseudo-terminals (node-pty) running real shells.

const home = mkdtempSync(path.join(os.tmpdir(), "kiln-terms-"));
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8" };
const managers: TerminalManager[] = [];
afterAll(() => {
  for (const manager of managers) manager.closeAll();
  rmSync(home, { recursive: true, force: true });
});

function newManager(now?: () => number) {
  const manager = new TerminalManager({ home, env, now });
  managers.push(manager);
  return manager;
}

/** A viewer that records what it gets. */
function recorder() {
  const events: TerminalEvent[] = [];
  // Without escape sequences (bash's bracketed-paste switches surround each command's output) and CRs.
  const text = () => events.flatMap((event) => (event.type === "output" ? [event.data] : [])).join("").replace(/\x1b\[[?0-9;]*[A-Za-z]/g, "").replaceAll("\r", "");
  const offset = () => events.flatMap((event) => (event.type === "exit" ? [] : [event.offset])).at(-1);
  return { events, text, offset, viewer: (event: TerminalEvent) => events.push(event) };
}

describe("TerminalManager", () => {
  it("runs a shell, resumes a viewer exactly where it stopped, applies input in seq order, resizes, and exits with the code", async () => {
    const manager = newManager();
    const { id } = await manager.open({ cols: 80, rows: 24, command: "exec bash --norc --noprofile" });
    const terminal = manager.get(id);
    const first = recorder();
    const unwatch = await terminal.watch(undefined, first.viewer);
    terminal.input(0, "echo $((6*7))\r");
    await expect.poll(first.text, { timeout: 5000 }).toMatch(/\n42\n/);
    unwatch();
    const cut = first.offset()!;

    // Out of order and repeated: 2 waits for 1; 1 twice and 2 twice run once each.
    expect(terminal.input(2, "echo second-$((1+1))\r")).toEqual({ nextSeq: 1 });
    expect(terminal.input(1, "echo first-$((0+1))\r")).toEqual({ nextSeq: 3 });
    expect(terminal.input(1, "echo first-$((0+1))\r")).toEqual({ nextSeq: 3 });
    expect(terminal.input(2, "echo second-$((1+1))\r")).toEqual({ nextSeq: 3 });
    terminal.resize(100, 30);
    terminal.input(3, "stty size\r");
    const later = recorder();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const unwatchLater = await terminal.watch(cut, later.viewer);
    await expect.poll(later.text, { timeout: 5000 }).toMatch(/\n30 100\n/);
    const text = later.text();
    expect(text).not.toContain("42");
    // The commands' own echo reads "first-$((0+1))", so only their output holds "first-1"; the kernel may echo
    // typed-ahead input in between lines under load, so count outputs rather than whole lines.
    expect(text.match(/first-1/g)).toHaveLength(1);
    expect(text.match(/second-2/g)).toHaveLength(1);
    expect(text.indexOf("first-1")).toBeLessThan(text.indexOf("second-2"));

    terminal.input(4, "exit 3\r");
    await expect.poll(() => later.events.at(-1), { timeout: 5000 }).toEqual({ type: "exit", exitCode: 3 });
    unwatchLater();
    await expect(manager.open({ cols: 80, rows: 24, id })).resolves.toMatchObject({ id, created: false });
  }, 20_000);

  it("gives a viewer behind the buffer the screen, then what follows", async () => {
    const manager = newManager();
    const { id } = await manager.open({ cols: 40, rows: 10, command: `head -c ${TERMINAL_BUFFER_BYTES + 100_000} /dev/zero | tr '\\0' x; echo; echo END-OF-IT; sleep 30` });
    const terminal = manager.get(id);
    const live = recorder();
    const unwatch = await terminal.watch(undefined, live.viewer);
    await expect.poll(live.text, { timeout: 10_000 }).toContain("END-OF-IT");
    unwatch();
    const behind = recorder();
    await terminal.watch(0, behind.viewer);
    expect(behind.events[0]).toMatchObject({ type: "reset", screen: expect.stringContaining("END-OF-IT") });
    expect(behind.offset()).toBe(live.offset());
  });

  it("reads a flooding program no faster than its screen is parsed, and loses none of its output", async () => {
    const manager = newManager();
    const lines = 1_500_000;
    // The shell stays: a pty whose program exited may drop its last unread bytes.
    const { id } = await manager.open({ cols: 80, rows: 24, command: `yes | head -n ${lines}; echo END-OF-FLOOD; sleep 30` });
    const terminal = manager.get(id);
    let received = "";
    let mostUnparsed = 0;
    await terminal.watch(undefined, (event) => {
      if (event.type !== "output") return;
      received += event.data;
      mostUnparsed = Math.max(mostUnparsed, terminal.unparsedChars);
    });
    await expect.poll(() => received.endsWith("END-OF-FLOOD\r\n"), { timeout: 60_000 }).toBe(true);
    // "y\r\n" per line: the terminal turns \n into \r\n.
    expect(received).toBe(`${"y\r\n".repeat(lines)}END-OF-FLOOD\r\n`);
    // Past the mark the program is not read: at most one more read lands on top of it.
    expect(mostUnparsed).toBeLessThanOrEqual(UNPARSED_HIGH + 64 * 1024);
  }, 90_000);

  it("closes a terminal nobody watched for five minutes, by its clock", async () => {
    let now = 5_000_000;
    const manager = newManager(() => now);
    const { id } = await manager.open({ cols: 80, rows: 24, command: "sleep 30" });
    const unwatch = await manager.get(id).watch(undefined, () => {});
    now += UNWATCHED_TERMINAL_MS * 2;
    manager.sweep();
    expect(manager.get(id).id).toBe(id);
    unwatch();
    now += UNWATCHED_TERMINAL_MS - 1;
    manager.sweep();
    expect(manager.get(id).id).toBe(id);
    now += 1;
    manager.sweep();
    expect(() => manager.get(id)).toThrow(/not found/);
  });
});
