"use client";

import dynamic from "next/dynamic";
import { useCallback, useState } from "react";
import type { TerminalState } from "@/lib/workspace-agents/terminal-connection";

const XtermView = dynamic(() => import("./xterm-view"), {
  ssr: false,
  loading: () => <p className="text-sm text-stone-600 dark:text-stone-400">Loading terminal…</p>,
});

const storageKey = (workspaceId: string) => `kiln.terminal.${workspaceId}`;

function newTerminalId(): string {
  return `t-${crypto.randomUUID()}`;
}

/** The terminal id this tab uses for a workspace: kept for the browser tab, so a reload re-attaches. */
function storedTerminalId(workspaceId: string): string {
  const stored = sessionStorage.getItem(storageKey(workspaceId));
  if (stored) return stored;
  const id = newTerminalId();
  sessionStorage.setItem(storageKey(workspaceId), id);
  return id;
}

/** The Terminal tab: a shell in the workspace, or why there is none and a way to open a new one. */
export function TerminalTab({ workspaceId, agentId, running }: { workspaceId: string; agentId: string | null; running: boolean }) {
  const [terminalId, setTerminalId] = useState(() => (typeof window === "undefined" ? null : storedTerminalId(workspaceId)));
  const [state, setState] = useState<TerminalState>({ kind: "connecting" });
  const onState = useCallback((next: TerminalState) => setState(next), []);

  const openNew = () => {
    const id = newTerminalId();
    sessionStorage.setItem(storageKey(workspaceId), id);
    setState({ kind: "connecting" });
    setTerminalId(id);
  };

  if (!running || !agentId) {
    return <p role="status" data-testid="terminal-state" className="text-sm text-stone-600 dark:text-stone-400">The workspace is stopped. Start it to open a terminal.</p>;
  }
  if (!terminalId) return null;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-3 text-sm">
        <p role="status" data-testid="terminal-state" className="text-stone-600 dark:text-stone-400">
          {state.kind === "connecting" ? "Connecting…" : null}
          {state.kind === "open" ? "Connected" : null}
          {state.kind === "exited" ? `The terminal ended (exit code ${state.exitCode ?? "none: ended by a signal"}).` : null}
          {state.kind === "unavailable" ? state.message : null}
        </p>
        {state.kind === "exited" || state.kind === "unavailable" ? (
          <button type="button" onClick={openNew} className="rounded bg-orange-700 px-3 py-1 font-medium text-white hover:bg-orange-800">
            Open a new terminal
          </button>
        ) : null}
      </div>
      <XtermView key={terminalId} agentId={agentId} terminalId={terminalId} onState={onState} />
    </div>
  );
}
