import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import net from "node:net";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testDbKind } from "@/lib/testing/test-database";
import { PostgresPubSub } from "./postgres-pubsub";

// LISTEN/NOTIFY needs no tables, so these tests use the DATABASE_URL database itself; unique
// channel and application names keep them apart from anything else running on it.
const url = process.env.DATABASE_URL ?? "";
const root = path.resolve(import.meta.dirname, "../..");
const unique = (prefix: string) => `${prefix}_${randomBytes(5).toString("hex")}`;

/** Polls until `check` returns a value other than undefined, or fails after timeoutMs. */
async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Kills every backend with this application_name; returns how many were terminated. */
async function terminateBackends(admin: pg.Client, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number; terminated: boolean }>(
    "SELECT pid, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = $1",
    [applicationName],
  );
  return rows.filter((row) => row.terminated).length;
}

async function backendPids(admin: pg.Client, applicationName: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [
    applicationName,
  ]);
  return rows.map((row) => row.pid);
}

/**
 * A TCP relay to the database whose open connections can be frozen: bytes stop in both directions
 * and neither side hears a close, as when a peer or a network path dies without a word. New
 * connections pass as before.
 */
async function startFreezableRelay(target: URL) {
  const pairs: [net.Socket, net.Socket][] = [];
  const server = net.createServer((incoming) => {
    const outgoing = net.connect(Number(target.port || 5432), target.hostname);
    incoming.pipe(outgoing).pipe(incoming);
    const drop = () => (incoming.destroy(), outgoing.destroy());
    incoming.on("error", drop);
    outgoing.on("error", drop);
    pairs.push([incoming, outgoing]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const relayed = new URL(target);
  relayed.hostname = "127.0.0.1";
  relayed.port = String((server.address() as net.AddressInfo).port);
  return {
    url: relayed.toString(),
    freeze: () => {
      for (const [incoming, outgoing] of pairs.splice(0)) {
        incoming.unpipe(outgoing);
        outgoing.unpipe(incoming);
        incoming.pause();
        outgoing.pause();
        frozen.push(incoming, outgoing);
      }
    },
    close: async () => {
      for (const socket of [...frozen, ...pairs.flat()]) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
const frozen: net.Socket[] = [];

type ListenerEvent = { type: "ready" } | { type: "message"; payload: string } | { type: "reconnected" };

/** The listener-process.ts child: its events as they arrive, and a way to stop it for sure. */
function startListenerProcess(options: { channel: string; applicationName: string }) {
  // Node itself runs the script (tsx as a loader), so SIGTERM reaches the listener's own handler.
  // Through the tsx CLI it would race tsx's relay: tsx waits 30 ms for its child to report the
  // signal and then SIGKILLs it (exit 143), which a loaded machine easily outlasts.
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "lib/pubsub/testing/listener-process.ts"), url, options.channel, options.applicationName],
    { cwd: root, stdio: ["pipe", "pipe", "pipe"] },
  );
  const events: ListenerEvent[] = [];
  let stderr = "";
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exitCode = code;
      resolve();
    }),
  );
  createInterface({ input: child.stdout }).on("line", (line) => events.push(JSON.parse(line) as ListenerEvent));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  const waitForEvent = (what: string, predicate: (event: ListenerEvent) => boolean, timeoutMs = 10_000) =>
    waitFor(
      `${what} from the listener process (stderr: ${stderr.trim() || "empty"})`,
      () => {
        if (exitCode !== undefined) throw new Error(`listener process exited with ${exitCode}: ${stderr}`);
        return events.find(predicate);
      },
      timeoutMs,
    );

  const stop = async () => {
    if (exitCode !== undefined) return;
    child.kill("SIGTERM");
    // A listener stuck in its shutdown: closing stdin makes it exit too, else SIGKILL.
    const timer = setTimeout(() => {
      child.stdin.end();
      child.kill("SIGKILL");
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  return { child, events, waitForEvent, stop, exited: () => exitCode !== undefined, exitCode: () => exitCode };
}

describe.skipIf(testDbKind !== "postgres")("PostgresPubSub on PostgreSQL", () => {
  let admin: pg.Client;
  const opened: PostgresPubSub[] = [];
  const open = (options: Partial<ConstructorParameters<typeof PostgresPubSub>[0]> = {}) => {
    const errors: Error[] = [];
    const pubsub = new PostgresPubSub({ url, maxBackoffMs: 200, onError: (error) => errors.push(error), ...options });
    opened.push(pubsub);
    return { pubsub, errors };
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url, application_name: "kiln-pubsub-test-admin" });
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((pubsub) => pubsub.close()));
  });
  afterAll(async () => {
    await admin?.end();
  });

  describe("across two OS processes", () => {
    const channel = unique("kiln_test_chan");
    const applicationName = unique("kiln-test-listener");
    let listener: ReturnType<typeof startListenerProcess>;

    beforeAll(() => {
      listener = startListenerProcess({ channel, applicationName });
    });
    afterAll(async () => {
      if (!listener) return;
      await listener.stop();
      expect(listener.exited()).toBe(true);
    });

    it("delivers a message published here to the other process, which re-subscribes after its connection is killed and gets the next one", async () => {
      const { pubsub: publisher } = open();
      // The child loads tsx from cold: give it longer than the other waits.
      await listener.waitForEvent("ready", (event) => event.type === "ready", 30_000);
      const [firstPid, ...others] = await backendPids(admin, applicationName);
      expect(firstPid).toBeTypeOf("number");
      expect(others).toEqual([]);

      await publisher.publish(channel, "first");
      await listener.waitForEvent("the first message", (event) => event.type === "message" && event.payload === "first");

      expect(await terminateBackends(admin, applicationName)).toBe(1);
      await listener.waitForEvent("the reconnected event", (event) => event.type === "reconnected");
      // The listener is back on a new backend, not on the one that was killed.
      const pidsAfter = await backendPids(admin, applicationName);
      expect(pidsAfter).toHaveLength(1);
      expect(pidsAfter[0]).not.toBe(firstPid);

      await publisher.publish(channel, "second");
      await listener.waitForEvent("the second message", (event) => event.type === "message" && event.payload === "second");

      expect(listener.events.filter((event) => event.type === "message")).toEqual([
        { type: "message", payload: "first" },
        { type: "message", payload: "second" },
      ]);
      expect(listener.events.filter((event) => event.type === "reconnected")).toHaveLength(1);
    });

    it("stops the listener process on SIGTERM, leaving no connection behind", async () => {
      await listener.stop();
      expect(listener.exitCode()).toBe(0);
      await waitFor("the listener's backend to go away", async () =>
        (await backendPids(admin, applicationName)).length === 0 ? true : undefined,
      );
    });
  });

  describe("in one process", () => {
    it("listens again on every channel after its connection is killed, and tells onReconnect listeners", async () => {
      const applicationName = unique("kiln-test-listener");
      const [channelA, channelB] = [unique("kiln_test_a"), unique("kiln_test_b")];
      const { pubsub: listener, errors } = open({ applicationName });
      const { pubsub: publisher } = open();
      const received: string[] = [];
      let reconnects = 0;
      const stopWatching = listener.onReconnect(() => reconnects++);
      let alsoNotified = 0;
      listener.onReconnect(() => alsoNotified++);
      await listener.subscribe(channelA, (payload) => received.push(`a:${payload}`));
      await listener.subscribe(channelB, (payload) => received.push(`b:${payload}`));

      await Promise.all([publisher.publish(channelA, "1"), publisher.publish(channelB, "1")]);
      await waitFor("both first messages", () => (received.length === 2 ? true : undefined));

      expect(await terminateBackends(admin, applicationName)).toBe(1);
      await waitFor("the reconnect", () => (reconnects === 1 ? true : undefined));
      expect(alsoNotified).toBe(1);
      expect(errors.length).toBeGreaterThan(0); // the kill was reported, not swallowed

      await Promise.all([publisher.publish(channelA, "2"), publisher.publish(channelB, "2")]);
      await waitFor("both second messages", () => (received.length === 4 ? true : undefined));
      expect(received.slice(0, 2).sort()).toEqual(["a:1", "b:1"]);
      expect(received.slice(2).sort()).toEqual(["a:2", "b:2"]);

      // An onReconnect listener that unsubscribed is not called on the next reconnect.
      stopWatching();
      expect(await terminateBackends(admin, applicationName)).toBe(1);
      await waitFor("the second reconnect", () => (alsoNotified === 2 ? true : undefined));
      expect(reconnects).toBe(1);
    });

    it("delivers every publish of a burst (sent together while the connections are busy) exactly once", async () => {
      const channels = [unique("kiln_test_chan"), unique("kiln_test_chan")];
      const { pubsub: listener } = open({ applicationName: unique("kiln-test-listener") });
      const { pubsub: publisher } = open();
      const received = new Map<string, string[]>(channels.map((channel) => [channel, []]));
      for (const channel of channels) await listener.subscribe(channel, (payload) => received.get(channel)!.push(payload));

      const sent = Array.from({ length: 1200 }, (_, i) => ({ channel: channels[i % 2]!, payload: `m${i}` }));
      await Promise.all(sent.map(({ channel, payload }) => publisher.publish(channel, payload)));
      await waitFor("every message", () => ([...received.values()].every((payloads) => payloads.length >= 600) ? true : undefined));
      for (const channel of channels) {
        // Two connections publish, so two statements may commit in either order: compare as sets.
        expect(received.get(channel)!.toSorted()).toEqual(sent.filter((m) => m.channel === channel).map((m) => m.payload).toSorted());
      }
    });

    it("receives again on a channel that was unsubscribed and then subscribed anew", async () => {
      const channel = unique("kiln_test_chan");
      const { pubsub: listener } = open({ applicationName: unique("kiln-test-listener") });
      const { pubsub: publisher } = open();
      const received: string[] = [];
      const unsubscribe = await listener.subscribe(channel, (payload) => received.push(`old:${payload}`));
      unsubscribe(); // sends UNLISTEN without waiting; the LISTEN below must not be undone by it
      await listener.subscribe(channel, (payload) => received.push(`new:${payload}`));

      await publisher.publish(channel, "x");
      await waitFor("the message", () => (received.length > 0 ? true : undefined));
      expect(received).toEqual(["new:x"]);
    });

    it("has the channel live when subscribe resolves, even while another first subscribe's LISTEN is in flight", async () => {
      const { pubsub: listener } = open({ applicationName: unique("kiln-test-listener") });
      const { pubsub: publisher } = open();
      await Promise.all([listener.subscribe(unique("kiln_test_warm"), () => {}), publisher.publish("kiln_test_warm")]);
      // The race is narrow (a NOTIFY on another connection overtaking a LISTEN already sent):
      // repeat it so that a regression shows up.
      for (let i = 0; i < 100; i++) {
        const channel = unique("kiln_test_race");
        let isDelivered = false;
        void listener.subscribe(channel, () => {});
        await listener.subscribe(channel, () => {
          isDelivered = true;
        });
        await publisher.publish(channel, "x");
        // A lost notification is never delivered: the bound only has to outlast a loaded machine.
        await waitFor(`delivery on attempt ${i}`, () => (isDelivered ? true : undefined), 5000);
      }
    });

    it("delivers to a channel subscribed while the connection is down, once it is back", async () => {
      const applicationName = unique("kiln-test-listener");
      const [before, during] = [unique("kiln_test_before"), unique("kiln_test_during")];
      const { pubsub: listener } = open({ applicationName });
      const { pubsub: publisher } = open();
      const received: string[] = [];
      let reconnects = 0;
      listener.onReconnect(() => reconnects++);
      await listener.subscribe(before, (payload) => received.push(`before:${payload}`));

      expect(await terminateBackends(admin, applicationName)).toBe(1);
      // Subscribes at once, racing the drop and the reconnect: whichever way it lands, the
      // channel must be live after the reconnect.
      await listener.subscribe(during, (payload) => received.push(`during:${payload}`));
      await waitFor("the reconnect", () => (reconnects >= 1 ? true : undefined));

      await publisher.publish(during, "x");
      await publisher.publish(before, "x");
      await waitFor("both messages", () => (received.length === 2 ? true : undefined));
      expect(received.sort()).toEqual(["before:x", "during:x"]);
    });

    it("gives up a listening connection that went silent (its watchdog's round trip got no answer) and tells onReconnect listeners", async () => {
      const relay = await startFreezableRelay(new URL(url));
      try {
        const channel = unique("kiln_test_chan");
        const { pubsub: listener, errors } = open({ url: relay.url, applicationName: unique("kiln-test-listener"), probeIntervalMs: 100, probeTimeoutMs: 2000 });
        const { pubsub: publisher } = open();
        const received: string[] = [];
        let reconnects = 0;
        listener.onReconnect(() => reconnects++);
        await listener.subscribe(channel, (payload) => received.push(payload));
        await publisher.publish(channel, "before");
        await waitFor("the first message", () => (received.length === 1 ? true : undefined));

        relay.freeze();
        // Lost: sent while the connection is silently dead. onReconnect is how followers learn it.
        await publisher.publish(channel, "lost");
        await waitFor("the watchdog's reconnect", () => (reconnects >= 1 ? true : undefined));
        expect(errors.map((error) => error.message)).toContainEqual(expect.stringMatching(/failed its check/));

        await publisher.publish(channel, "after");
        await waitFor("the message after the reconnect", () => (received.includes("after") ? true : undefined));
        expect(received).toEqual(["before", "after"]);
      } finally {
        await relay.close();
      }
    });

    it("leaves no listening connection open when closed while it is still connecting", async () => {
      const applicationName = unique("kiln-test-listener");
      const { pubsub: listener } = open({ applicationName });
      const subscribing = listener.subscribe(unique("kiln_test_chan"), () => {});
      await listener.close();
      // Resolved once the connection being set up was either kept (the leak) or ended by us: a kept
      // one stays in pg_stat_activity for good, an ended one leaves once its backend has exited.
      await subscribing;
      await waitFor("the listener's backend to go away", async () =>
        (await backendPids(admin, applicationName)).length === 0 ? true : undefined,
      );
    });
  });
});
