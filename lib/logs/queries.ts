import { queryOptions } from "@tanstack/react-query";
import type { AgentLog, BuildLog } from "./schemas";

/** Log lines live in the cache, fed by the stream hooks; nothing fetches them on its own. */
export const logKeys = {
  build: (buildId: string) => ["logs", "build", buildId] as const,
  agent: (agentId: string) => ["logs", "agent", agentId] as const,
};

export type LogState<T> = { lines: T[]; isDone: boolean };

const streamed = <T,>(queryKey: readonly unknown[]) =>
  queryOptions<LogState<T>>({
    queryKey,
    queryFn: () => ({ lines: [], isDone: false }),
    // Filled by the streams, which move their cursors on: lines dropped from the cache would not
    // come back, so they are kept for the page's life. A finished build's lines never change.
    staleTime: Infinity,
    gcTime: Infinity,
  });

export const buildLogs = (buildId: string) => streamed<BuildLog>(logKeys.build(buildId));
export const agentLogs = (agentId: string) => streamed<AgentLog>(logKeys.agent(agentId));
