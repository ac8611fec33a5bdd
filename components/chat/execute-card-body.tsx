"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { processOutput } from "@/lib/chat/queries";
import { formatDuration } from "@/lib/chat/tools/tool-results";
import type { ExecuteView } from "@/lib/chat/view/execute-view";
import { ProcessOutputLog } from "./process-output-log";
import { StopProcessButton } from "./stop-process-button";

/** The words under a command: where it is, how it ended. */
function phaseText(view: ExecuteView): string {
  switch (view.phase) {
    case "running":
      return "Running…";
    case "background":
      return "Still running in the background.";
    case "failed":
      return "The command could not run to its end.";
    case "ended": {
      const took = view.durationMs !== null ? ` after ${formatDuration(view.durationMs)}` : "";
      return view.exitCode === null ? `Ended${took} (stopped by a signal).` : `Exited with code ${view.exitCode}${took}.`;
    }
  }
}

/** An `execute` card's body: the command, where it is (with Stop while it runs), and its output live. */
export function ExecuteCardBody({ chatId, view }: { chatId: string; view: ExecuteView }) {
  const isRunning = view.phase === "running" || view.phase === "background";
  return (
    <div className="flex flex-col gap-2 text-sm">
      <pre data-testid="command" className="overflow-x-auto rounded-md bg-stone-100 px-2 py-1 font-mono text-xs whitespace-pre-wrap break-all dark:bg-stone-900">
        <span aria-hidden="true" className="text-stone-600 select-none dark:text-stone-400">$ </span>
        {view.command}
      </pre>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        {isRunning ? <span aria-hidden="true" className="inline-block h-2 w-2 animate-pulse rounded-full bg-amber-500" /> : null}
        <p data-testid="execute-state" data-phase={view.phase} className="font-medium">
          {phaseText(view)}
        </p>
        {isRunning && view.processId ? <StopProcessButton chatId={chatId} processId={view.processId} /> : null}
      </div>
      {view.error ? (
        <Alert>
          <span className="whitespace-pre-line">{view.error}</span>
        </Alert>
      ) : null}
      {view.phase !== "failed" || view.lines.length > 0 ? (
        <ProcessOutputLog lines={view.lines} emptyText={isRunning ? "No output yet." : "No output."} />
      ) : null}
      {view.isTruncated ? <p className="text-xs text-stone-600 dark:text-stone-400">The output was long: only its start and end are kept.</p> : null}
    </div>
  );
}

/** The live output of a call's process from the cache (the chat's event stream fills it). */
export function useProcessOutput(chatId: string, toolCallId: string) {
  return useQuery(processOutput(chatId, toolCallId)).data;
}
