import "server-only";
import { workspaceIsolation } from "@/lib/sandbox/workspace-isolation";

/**
 * The page-level warning that this server's workspaces are not sandboxed (no bubblewrap, or
 * KILN_WORKSPACE_ISOLATION=none), with the reason: the same state healthz reports. Renders
 * nothing when they are isolated.
 */
export async function IsolationWarning() {
  const isolation = await workspaceIsolation();
  if (isolation.mode === "sandbox") return null;
  return (
    <div
      role="alert"
      data-testid="isolation-warning"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <strong>Not isolated:</strong> workspaces on this server run without a sandbox, as the server&apos;s own user
      {isolation.required ? " (isolation is required, so builds fail)" : ""}. Reason: {isolation.reason ?? "unknown"}.
    </div>
  );
}
