"use client";

import { useQuery } from "@tanstack/react-query";
import { LogView } from "@/components/logs/log-view";
import { buildLogs } from "@/lib/logs/queries";

/** The chat's bound build's log, as the chat's event stream fills it in the cache. */
export function ChatBuildLog({ buildId }: { buildId: string }) {
  const { data } = useQuery(buildLogs(buildId));
  return <LogView lines={data?.lines ?? []} label="Build log" showStages testId="build-log" />;
}
