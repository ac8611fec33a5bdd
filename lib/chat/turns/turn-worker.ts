import { randomBytes } from "node:crypto";
import os from "node:os";

/**
 * This process's name on the turns and tools API calls it runs; with their heartbeats (config
 * chatHeartbeatMs, chatStaleMs) the reaper tells them from those a crashed server left behind.
 */
export const TURN_WORKER_ID = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
