import type { WorkspaceStatus } from "@/lib/workspaces/schemas";

const TONES: Record<string, string> = {
  running: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300",
  connected: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300",
  ready: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300",
  succeeded: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300",
  failed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  error: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  start_error: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  start_timeout: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  timeout: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  disconnected: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  idle: "bg-stone-200 text-stone-700 dark:bg-stone-800 dark:text-stone-300",
  stopped: "bg-stone-200 text-stone-700 dark:bg-stone-800 dark:text-stone-300",
  off: "bg-stone-200 text-stone-700 dark:bg-stone-800 dark:text-stone-300",
  canceled: "bg-stone-200 text-stone-700 dark:bg-stone-800 dark:text-stone-300",
  healthy: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300",
  unhealthy: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  disabled: "bg-stone-200 text-stone-700 dark:bg-stone-800 dark:text-stone-300",
  deleted: "bg-stone-200 text-stone-700 dark:bg-stone-800 dark:text-stone-300",
};
const IN_PROGRESS = "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300";

/** A small coloured label for a workspace, build, agent, lifecycle or chat state. */
export function StatusBadge({ status, label, testId }: { status: WorkspaceStatus | string; label?: string; testId?: string }) {
  return (
    <span
      data-status={status}
      data-testid={testId}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status] ?? IN_PROGRESS}`}
    >
      {label ?? status.replaceAll("_", " ")}
    </span>
  );
}
