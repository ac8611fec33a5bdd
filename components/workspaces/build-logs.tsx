"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { LogView } from "@/components/logs/log-view";
import { buildLogs } from "@/lib/logs/queries";
import { buildLogSchema } from "@/lib/logs/schemas";
import { useLogStream } from "@/lib/logs/use-log-stream";
import { workspaceKeys } from "@/lib/workspaces/queries";

/** A build's log, live while it runs. */
export function BuildLogs({ buildId }: { buildId: string }) {
  const queryClient = useQueryClient();
  const options = buildLogs(buildId);
  const { data } = useQuery(options);
  useLogStream({
    url: `/api/v1/workspacebuilds/${buildId}/logs`,
    queryKey: options.queryKey,
    schema: buildLogSchema,
    // The build is over: its final state is worth a fresh read.
    onEnd: () => void queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
  });
  return <LogView lines={data?.lines ?? []} label="Build log" showStages testId="build-log" />;
}
