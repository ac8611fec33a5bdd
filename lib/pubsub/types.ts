/** Receives a notification's payload (small: ids, never rows). */
export type Listener = (payload: string) => void;

/**
 * Publish/subscribe by channel. Notifications carry ids only; readers load rows from the
 * database after their cursor, so a lost notification costs latency, never data.
 */
export type PubSub = {
  /** Sends to every subscriber of the channel, in every process sharing the database. */
  publish(channel: string, payload?: string): Promise<void>;
  /** Resolves once the subscription is live; the returned function ends it. */
  subscribe(channel: string, listener: Listener): Promise<() => void>;
  /**
   * Called after the listening connection came back: notifications sent while it was down
   * are lost, so subscribers re-check their state.
   */
  onReconnect(listener: () => void): () => void;
  /** "ok" when notifications can arrive now, else what is wrong (health checks). */
  health(): Promise<string>;
  close(): Promise<void>;
};

/** Largest payload accepted; PostgreSQL's NOTIFY allows 8000 bytes, Kiln sends ids. */
export const MAX_PAYLOAD_BYTES = 1000;

export function assertPayload(channel: string, payload: string): void {
  if (!channel || Buffer.byteLength(channel) > 63) throw new Error(`invalid pubsub channel "${channel}"`);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
    throw new Error(`pubsub payload on ${channel} is over ${MAX_PAYLOAD_BYTES} bytes: send ids, not rows`);
  }
}
