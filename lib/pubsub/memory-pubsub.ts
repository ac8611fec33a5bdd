import { EventEmitter } from "node:events";
import { metrics } from "@/lib/metrics/registry";
import { assertPayload, type Listener, type PubSub } from "./types";

/** Single-process pubsub for the embedded database. Delivery is asynchronous, like NOTIFY. */
export class MemoryPubSub implements PubSub {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async publish(channel: string, payload = ""): Promise<void> {
    assertPayload(channel, payload);
    queueMicrotask(() => {
      metrics().notificationsReceived.inc();
      this.emitter.emit(channel, payload);
    });
  }

  async subscribe(channel: string, listener: Listener): Promise<() => void> {
    this.emitter.on(channel, listener);
    return () => {
      this.emitter.off(channel, listener);
    };
  }

  onReconnect(): () => void {
    return () => {};
  }

  async health(): Promise<string> {
    return "ok";
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
