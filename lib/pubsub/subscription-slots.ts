import type { Listener, PubSub } from "./types";

/**
 * Named subscriptions that can be pointed at another channel: a follower whose target moves
 * (a chat bound to a new build) re-points a slot; the old subscription ends.
 */
export class SubscriptionSlots<S extends string> {
  private readonly slots = new Map<S, { channel: string; unsubscribe: () => void }>();

  constructor(private readonly bus: PubSub) {}

  /** Subscribes the slot to `channel` (null: to nothing); a no-op when it already is. */
  async point(slot: S, channel: string | null, listener: Listener): Promise<void> {
    const current = this.slots.get(slot);
    if (current?.channel === channel) return;
    current?.unsubscribe();
    this.slots.delete(slot);
    if (channel) this.slots.set(slot, { channel, unsubscribe: await this.bus.subscribe(channel, listener) });
  }

  close(): void {
    for (const { unsubscribe } of this.slots.values()) unsubscribe();
    this.slots.clear();
  }
}
