"use client";

import { useSyncExternalStore } from "react";
import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import { StatusBadge } from "./status-badge";

type App = WorkspaceAgent["apps"][number];

const noSubscribe = () => () => {};

/**
 * An app's address on its own origin: the app host with the scheme and port Kiln's page was
 * served on (the app hosts share Kiln's listener). Null on the server render.
 */
export function useAppUrl(host: string, path: string): string | null {
  return useSyncExternalStore(
    noSubscribe,
    () => `${window.location.protocol}//${host}${window.location.port ? `:${window.location.port}` : ""}${path}`,
    () => null,
  );
}

/** A link that opens an app on its own origin in a new tab, with its health. */
export function AppLink({ app }: { app: App }) {
  const url = useAppUrl(app.host, app.path);
  const name = app.displayName || app.slug;
  return (
    <span className="inline-flex items-center gap-2">
      {url ? (
        <a href={url} target="_blank" rel="noreferrer" className="underline">
          {name}
        </a>
      ) : (
        name
      )}
      <StatusBadge status={app.health} testId="app-health" />
    </span>
  );
}
