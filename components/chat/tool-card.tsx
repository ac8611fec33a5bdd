"use client";

import { useState, type ReactNode } from "react";
import { StatusBadge } from "@/components/workspaces/status-badge";
import type { Chat } from "@/lib/chat/schemas";
import { executeBadge, executeView } from "@/lib/chat/view/execute-view";
import type { ToolCardState } from "@/lib/chat/view/tool-outcome";
import { resultBuildId, type ToolPart } from "@/lib/chat/view/tool-part";
import { EditFilesResult } from "./edit-files-result";
import { ExecuteCardBody, useProcessOutput } from "./execute-card-body";
import { FileResult } from "./file-result";
import { ProcessListResult } from "./process-list-result";
import { ProcessResult } from "./process-result";
import { RunningToolBody } from "./running-tool-body";
import { TemplateResult } from "./template-result";
import { ToolInputSummary } from "./tool-input-summary";
import { ToolResult } from "./tool-result";

const TITLES: Record<string, string> = {
  create_workspace: "Create workspace",
  start_workspace: "Start workspace",
  stop_workspace: "Stop workspace",
  list_templates: "List templates",
  read_template: "Read template",
  execute: "Run command",
  process_output: "Command output",
  process_list: "List commands",
  process_signal: "Stop command",
  read_file: "Read file",
  write_file: "Write file",
  edit_files: "Edit files",
};

const WORKSPACE_TOOLS = new Set(["create_workspace", "start_workspace", "stop_workspace"]);

// The badge's tone comes from the status, its words from the label: status is never colour alone.
const BADGES: Record<ToolCardState, { status: string; label: string }> = {
  running: { status: "in_progress", label: "running" },
  done: { status: "succeeded", label: "done" },
  error: { status: "failed", label: "failed" },
};

type ChatBinding = Pick<Chat, "id" | "buildId" | "agentId">;

/**
 * One tool call of the assistant. The active call (the one the chat's build and agent belong to)
 * shows its stage and the live logs; a finished one shows how it ended. A command shows its
 * output live, from its own running until its process ends, even after its call answered.
 */
export function ToolCard({
  part,
  state,
  chat,
  isActive,
  templateLabels,
}: {
  part: ToolPart;
  state: ToolCardState;
  chat: ChatBinding;
  isActive: boolean;
  templateLabels: ReadonlyMap<string, string>;
}) {
  // Seen running on this page: its logs stay open when it ends.
  const [hasBeenWatched] = useState(state === "running");
  if (part.toolName === "execute") return <ExecuteCard part={part} chatId={chat.id} />;
  const isWorkspaceTool = WORKSPACE_TOOLS.has(part.toolName);
  const isLive = state === "running" && isActive && isWorkspaceTool;
  return (
    <ToolCardFrame part={part} state={state} badge={BADGES[state]} buildId={(isLive ? chat.buildId : resultBuildId(part)) ?? undefined}>
      <ToolInputSummary part={part} templateLabels={templateLabels} />
      {state === "running" ? (
        isLive ? (
          <RunningToolBody toolName={part.toolName} chat={chat} />
        ) : (
          <p className="text-sm text-stone-600 dark:text-stone-400">Running…</p>
        )
      ) : state === "done" && !isWorkspaceTool ? (
        <DoneBody part={part} />
      ) : (
        <ToolResult part={part} chat={chat} hasBeenWatched={hasBeenWatched} />
      )}
    </ToolCardFrame>
  );
}

/** How a finished tool other than create/start/stop answered. */
function DoneBody({ part }: { part: ToolPart }) {
  switch (part.toolName) {
    case "read_file":
    case "write_file":
      return <FileResult part={part} />;
    case "edit_files":
      return <EditFilesResult part={part} />;
    case "process_list":
      return <ProcessListResult part={part} />;
    case "process_signal":
    case "process_output":
      return <ProcessResult part={part} />;
    default:
      return <TemplateResult part={part} />;
  }
}

/** An `execute` call: its badge and body follow its process, which may outlive the call. */
function ExecuteCard({ part, chatId }: { part: ToolPart; chatId: string }) {
  const view = executeView(part, useProcessOutput(chatId, part.toolCallId));
  const state: ToolCardState = view.phase === "failed" ? "error" : view.phase === "ended" ? "done" : "running";
  return (
    <ToolCardFrame part={part} state={state} badge={executeBadge(view)} phase={view.phase}>
      <ExecuteCardBody chatId={chatId} view={view} />
    </ToolCardFrame>
  );
}

function ToolCardFrame({
  part,
  state,
  badge,
  buildId,
  phase,
  children,
}: {
  part: ToolPart;
  state: ToolCardState;
  badge: { status: string; label: string };
  buildId?: string;
  phase?: string;
  children: ReactNode;
}) {
  const title = TITLES[part.toolName] ?? part.toolName;
  return (
    <article
      data-testid="tool-card"
      data-tool={part.toolName}
      data-state={state}
      data-phase={phase}
      data-tool-call-id={part.toolCallId}
      data-build-id={buildId}
      aria-label={`${title}, ${badge.label}`}
      className="flex flex-col gap-3 rounded-lg border border-stone-200 p-3 dark:border-stone-800"
    >
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-medium">{title}</h3>
        <StatusBadge status={badge.status} label={badge.label} />
      </header>
      {children}
    </article>
  );
}
