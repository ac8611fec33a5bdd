import pg from "pg";
import { metrics } from "@/lib/metrics/registry";
import { assertPayload, type Listener, type PubSub } from "./types";

export type PostgresPubSubOptions = {
  url: string;
  /** application_name of the listening connection (visible in pg_stat_activity). */
  applicationName?: string;
  /** Longest pause between reconnect attempts. */
  maxBackoffMs?: number;
  /** How often the listening connection is asked a round trip (the watchdog); default 30 s. */
  probeIntervalMs?: number;
  /** How long that round trip may take before the connection counts as dead; default 10 s. */
  probeTimeoutMs?: number;
  onError?: (error: Error) => void;
};

/** Connections that publish: a burst queues behind them and goes out together (see publish). */
const PUBLISH_CONNECTIONS = 2;
/** Notifications per statement. */
const MAX_PUBLISH_BATCH = 500;

type PendingPublish = { channel: string; payload: string; resolve: () => void; reject: (error: Error) => void };

function quoteChannel(channel: string): string {
  return `"${channel.replaceAll('"', '""')}"`;
}

/**
 * PostgreSQL LISTEN/NOTIFY. One dedicated connection listens for the whole process and
 * fans notifications out to local listeners; when it drops it reconnects with backoff and
 * LISTENs again on every channel that still has listeners, then tells onReconnect listeners.
 *
 * A notification can only be lost with that connection, so it is the one thing checked: a
 * watchdog asks it a round trip every probeIntervalMs, and one that fails or does not answer
 * within probeTimeoutMs (a peer gone without a word, which TCP alone notices only after hours)
 * is dropped and made again. This is the whole process's safety re-check: its followers need no
 * timer of their own.
 */
export class PostgresPubSub implements PubSub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly publisher: pg.Pool;
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client | null> | null = null;
  private closed = false;
  private backoffMs = 100;
  /** The listening connection's statements, one after another (pg no longer queues them itself). */
  private statements: Promise<unknown> = Promise.resolve();
  private readonly pending: PendingPublish[] = [];
  private publishing = 0;
  private readonly watchdog: NodeJS.Timeout;
  private isProbing = false;

  constructor(private readonly options: PostgresPubSubOptions) {
    this.publisher = new pg.Pool({ connectionString: options.url, max: PUBLISH_CONNECTIONS, application_name: "kiln-publish" });
    this.publisher.on("error", (error) => this.options.onError?.(error));
    this.watchdog = setInterval(() => void this.probe(), options.probeIntervalMs ?? 30_000);
    this.watchdog.unref();
  }

  /**
   * Resolves once the notification is sent. While every publishing connection is busy, those
   * that arrive wait and then go out together in one statement, in their order: a build that
   * finishes (its job, its workspace, access) or a burst of builds costs a round trip, not a
   * queue of them that delays the one a waiter is waiting for.
   */
  publish(channel: string, payload = ""): Promise<void> {
    assertPayload(channel, payload);
    return new Promise((resolve, reject) => {
      this.pending.push({ channel, payload, resolve, reject });
      this.sendPending();
    });
  }

  private sendPending(): void {
    if (this.publishing >= PUBLISH_CONNECTIONS || this.pending.length === 0) return;
    const batch = this.pending.splice(0, MAX_PUBLISH_BATCH);
    this.publishing += 1;
    this.publisher
      .query("SELECT pg_notify(n.channel, n.payload) FROM unnest($1::text[], $2::text[]) AS n(channel, payload)", [
        batch.map((item) => item.channel),
        batch.map((item) => item.payload),
      ])
      .then(
        () => batch.forEach((item) => item.resolve()),
        (error: Error) => batch.forEach((item) => item.reject(error)),
      )
      .finally(() => {
        this.publishing -= 1;
        this.sendPending();
      });
  }

  async subscribe(channel: string, listener: Listener): Promise<() => void> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    const client = await this.ensureConnected();
    // LISTEN on every subscribe, not only the channel's first: it is idempotent, and the
    // connection runs queries in order, so once ours is done the channel is live even when a
    // concurrent first subscriber's LISTEN is still in flight.
    if (client && client === this.client) {
      await this.run(client, `LISTEN ${quoteChannel(channel)}`).catch((error: Error) => this.options.onError?.(error));
    }
    return () => this.unsubscribe(channel, listener);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => {
      this.reconnectListeners.delete(listener);
    };
  }

  /** A round trip on the listening connection: it is the one notifications arrive on. */
  async health(): Promise<string> {
    // Connect if nothing subscribed yet; a dropped connection is being re-made meanwhile.
    const client = this.client ?? (this.connecting ? null : await this.ensureConnected());
    if (!client) return "reconnecting: the listening connection is down";
    try {
      await this.run(client, "SELECT 1");
      return "ok";
    } catch (error) {
      return `listening connection failed: ${(error as Error).message}`;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    this.listeners.clear();
    const client = this.client;
    this.client = null;
    await Promise.all([client?.end().catch(() => {}), this.publisher.end().catch(() => {})]);
  }

  private unsubscribe(channel: string, listener: Listener): void {
    const set = this.listeners.get(channel);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(channel);
    if (this.client) this.run(this.client, `UNLISTEN ${quoteChannel(channel)}`).catch(() => {});
  }

  /** Runs a statement on the listening connection after those already sent. */
  private run(client: pg.Client, sql: string): Promise<unknown> {
    const next = this.statements.then(() => client.query(sql));
    this.statements = next.catch(() => {});
    return next;
  }

  private ensureConnected(): Promise<pg.Client | null> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client | null> {
    while (!this.closed) {
      const client = new pg.Client({
        connectionString: this.options.url,
        application_name: this.options.applicationName ?? "kiln-pubsub",
        keepAlive: true,
      });
      client.on("notification", (message) => this.dispatch(message.channel, message.payload ?? ""));
      client.on("error", (error) => this.options.onError?.(error));
      client.on("end", () => this.dropped(client));
      try {
        await client.connect();
        for (const channel of this.listeners.keys()) await client.query(`LISTEN ${quoteChannel(channel)}`);
        // close() ran while this connection was being set up: it could not end it, so do it here.
        if (this.closed) {
          await client.end().catch(() => {});
          return null;
        }
        this.client = client;
        this.backoffMs = 100;
        return client;
      } catch (error) {
        this.options.onError?.(error as Error);
        await client.end().catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs));
        this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 5000);
      }
    }
    return null;
  }

  /** The watchdog's round trip: a listening connection that fails it is given up and made again. */
  private async probe(): Promise<void> {
    const client = this.client;
    if (!client || this.isProbing) return;
    this.isProbing = true;
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.options.probeTimeoutMs ?? 10_000;
    try {
      await Promise.race([
        this.run(client, "SELECT 1"),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      this.options.onError?.(new Error(`the listening connection failed its check (${(error as Error).message}); reconnecting`));
      this.dropped(client);
      // Its peer may be gone without a word: a polite end() would wait on it, and statements
      // already sent (a subscriber's LISTEN) would hang until TCP gives up, hours later. Breaking
      // the socket fails them at once; their callers go on with the new connection.
      (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    } finally {
      clearTimeout(timer);
      this.isProbing = false;
    }
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    // A statement hung on the dead connection must not hold up the next connection's.
    this.statements = Promise.resolve();
    void this.ensureConnected().then((next) => {
      if (!next) return;
      for (const listener of this.reconnectListeners) listener();
    });
  }

  private dispatch(channel: string, payload: string): void {
    metrics().notificationsReceived.inc();
    for (const listener of this.listeners.get(channel) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        this.options.onError?.(error as Error);
      }
    }
  }
}
