// Shared by the server and the bundled agent: node built-ins only, no server imports.
import { readFile } from "node:fs/promises";

/**
 * The number of processes the kernel killed for going over a cgroup's memory limit, from its
 * counter file (v1 memory.oom_control or v2 memory.events: both have an `oom_kill N` line);
 * null = unknown (no such file, an old kernel without the line).
 */
export async function readOomKillCount(file: string): Promise<number | null> {
  try {
    const match = /^oom_kill (\d+)$/m.exec(await readFile(file, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
