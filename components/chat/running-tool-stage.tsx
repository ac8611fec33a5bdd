"use client";

import { useEffect, useState } from "react";
import { formatElapsed, toolStage } from "@/lib/chat/view/tool-stage";
import type { Workspace } from "@/lib/workspaces/schemas";
import { CancelBuildButton } from "./cancel-build-button";

/** The current time, re-read every `intervalMs`: what a ticking clock renders from. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** What the active call waits for, its build's progress (ticking each second), and a way to cancel. */
export function RunningToolStage({
  toolName,
  workspace,
  buildId,
  agentId,
}: {
  toolName: string;
  workspace: Workspace | null;
  buildId: string | null;
  agentId: string | null;
}) {
  const now = useNow(1000);
  const stage = toolStage({ toolName, workspace, buildId, agentId, now });
  const progress = [
    stage.step ? `step ${stage.step.current} of ${stage.step.total}` : null,
    stage.elapsedMs !== null ? `${formatElapsed(stage.elapsedMs)} elapsed` : null,
  ].filter(Boolean);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
      <span aria-hidden="true" className="inline-block h-2 w-2 animate-pulse rounded-full bg-amber-500" />
      <p data-testid="tool-stage" className="font-medium">
        {stage.label}
      </p>
      {progress.length > 0 ? (
        // Off the conversation's live region: a clock read out every second is noise.
        <p data-testid="tool-progress" aria-live="off" className="text-stone-600 tabular-nums dark:text-stone-400">
          {progress.join(" · ")}
        </p>
      ) : null}
      {stage.cancelableBuildId ? <CancelBuildButton key={stage.cancelableBuildId} buildId={stage.cancelableBuildId} /> : null}
    </div>
  );
}
