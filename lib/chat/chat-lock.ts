import "server-only";
import { withAdvisoryLock } from "@/lib/db/advisory-lock";

/**
 * Serialises the check-then-act sections of create/start/stop on one chat, across every server
 * replica (a database lock). Held only while deciding and queueing, never for a build wait.
 */
export function withChatLock<T>(chatId: string, fn: () => Promise<T>): Promise<T> {
  return withAdvisoryLock(`chat:${chatId}`, fn);
}
