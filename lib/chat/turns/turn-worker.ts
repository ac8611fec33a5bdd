import { randomBytes } from "node:crypto";
import os from "node:os";

/** This process's name on the turns it runs. */
export const TURN_WORKER_ID = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;

/** How often a running turn says it is alive, and when silence means its server is gone. */
export const TURN_HEARTBEAT_MS = 5000;
export const TURN_STALE_MS = 30_000;
