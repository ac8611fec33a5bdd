import "server-only";
import { LeaderLock } from "@/lib/server/leader-lock";
import { stopExpiredWorkspaces } from "./stop-expired-workspaces";

const AUTOSTOP_LOCK_KEY = 4_201_002;

/**
 * Every interval, the one leading replica stops the workspaces past their deadline.
 * Returns a function that ends the loop.
 */
export function startAutostopLoop({ intervalMs = 10_000, now = () => new Date() } = {}): () => Promise<void> {
  const lock = new LeaderLock(AUTOSTOP_LOCK_KEY);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (await lock.isLeader()) await stopExpiredWorkspaces({ now: now() });
    } catch (error) {
      console.error("autostop failed:", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  return async () => {
    clearInterval(timer);
    await lock.release();
  };
}
