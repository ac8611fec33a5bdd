"use client";

import { useState } from "react";
import { StatusBadge } from "@/components/workspaces/status-badge";
import type { Chat } from "@/lib/chat/schemas";
import type { ToolCardState } from "@/lib/chat/view/tool-outcome";
import { resultBuildId, type ToolPart } from "@/lib/chat/view/tool-part";
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
};

const WORKSPACE_TOOLS = new Set(["create_workspace", "start_workspace", "stop_workspace"]);

// The badge's tone comes from the status, its words from the label: status is never colour alone.
const BADGES: Record<ToolCardState, { status: string; label: string }> = {
  running: { status: "in_progress", label: "running" },
  done: { status: "succeeded", label: "done" },
  error: { status: "failed", label: "failed" },
};

/**
 * One tool call of the assistant. The active call (the one the chat's build and agent belong to)
 * shows its stage and the live logs; a finished one shows how it ended.
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
  chat: Pick<Chat, "id" | "buildId" | "agentId">;
  isActive: boolean;
  templateLabels: ReadonlyMap<string, string>;
}) {
  // Seen running on this page: its logs stay open when it ends.
  const [hasBeenWatched] = useState(state === "running");
  const title = TITLES[part.toolName] ?? part.toolName;
  const badge = BADGES[state];
  const isWorkspaceTool = WORKSPACE_TOOLS.has(part.toolName);
  const isLive = state === "running" && isActive && isWorkspaceTool;
  return (
    <article
      data-testid="tool-card"
      data-tool={part.toolName}
      data-state={state}
      data-build-id={(isLive ? chat.buildId : resultBuildId(part)) ?? undefined}
      aria-label={`${title}, ${badge.label}`}
      className="flex flex-col gap-3 rounded-lg border border-stone-200 p-3 dark:border-stone-800"
    >
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-medium">{title}</h3>
        <StatusBadge status={badge.status} label={badge.label} />
      </header>
      <ToolInputSummary part={part} templateLabels={templateLabels} />
      {state === "running" ? (
        isLive ? (
          <RunningToolBody toolName={part.toolName} chat={chat} />
        ) : (
          <p className="text-sm text-stone-600 dark:text-stone-400">Running…</p>
        )
      ) : state === "done" && !isWorkspaceTool ? (
        <TemplateResult part={part} />
      ) : (
        <ToolResult part={part} chat={chat} hasBeenWatched={hasBeenWatched} />
      )}
    </article>
  );
}
