import type { Listener, PubSub } from "./types";

/**
 * Named subscriptions that can be pointed at another channel: a follower whose target moves
 * (a chat bound to a new build) re-points a slot; the old subscription ends.
 */
export class SubscriptionSlots<S extends string> {
  private readonly slots = new Map<S, { channel: string; unsubscribe: () => void; liveSince: number }>();

  constructor(private readonly bus: PubSub) {}

  /**
   * Subscribes the slot to `channel` (null: to nothing); a no-op when it already is. Resolves to
   * when the subscription went live (`performance.now()`): a read begun earlier may miss changes
   * whose notifications it would have received.
   */
  async point(slot: S, channel: string | null, listener: Listener): Promise<number> {
    const current = this.slots.get(slot);
    if (current && current.channel === channel) return current.liveSince;
    current?.unsubscribe();
    this.slots.delete(slot);
    if (!channel) return 0;
    const unsubscribe = await this.bus.subscribe(channel, listener);
    const liveSince = performance.now();
    this.slots.set(slot, { channel, unsubscribe, liveSince });
    return liveSince;
  }

  close(): void {
    for (const { unsubscribe } of this.slots.values()) unsubscribe();
    this.slots.clear();
  }
}
