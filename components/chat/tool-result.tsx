import { Alert } from "@/components/ui/alert";
import { BuildLogs } from "@/components/workspaces/build-logs";
import { BuildTimelineById } from "@/components/workspaces/build-timeline";
import type { Chat } from "@/lib/chat/schemas";
import { toolOutcome } from "@/lib/chat/view/tool-outcome";
import { resultBuildId, type ToolPart } from "@/lib/chat/view/tool-part";
import { ChatAgentLog } from "./chat-agent-log";
import { ChatBuildLog } from "./chat-build-log";
import { LogDetails } from "./log-details";

/**
 * How a finished call ended (with what the agent wait noticed) and its logs, folded. The logs of
 * a call watched while it ran stay open, so they do not vanish the moment it ends. Only the
 * call that made the chat's bound build knows its agent: the chat's binding names it.
 */
export function ToolResult({
  part,
  chat,
  hasBeenWatched,
}: {
  part: ToolPart;
  chat: Pick<Chat, "id" | "buildId" | "agentId">;
  hasBeenWatched: boolean;
}) {
  const outcome = toolOutcome(part);
  const buildId = resultBuildId(part);
  const isBound = buildId !== null && buildId === chat.buildId;
  const agentId = isBound && part.toolName !== "stop_workspace" ? chat.agentId : null;
  return (
    <div className="flex flex-col gap-2">
      <div data-testid="tool-outcome" data-outcome={outcome.isError ? "error" : "success"} className="flex flex-col gap-2 text-sm">
        {outcome.isError ? (
          <Alert>
            <span className="whitespace-pre-line">{outcome.text}</span>
          </Alert>
        ) : (
          <p>{outcome.text}</p>
        )}
        {outcome.notice ? (
          <p
            data-testid="tool-notice"
            data-notice={outcome.notice.code}
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          >
            <span className="font-medium">Note: </span>
            {outcome.notice.text}
          </p>
        ) : null}
      </div>
      {buildId && part.toolName === "create_workspace" ? <BuildTimelineById buildId={buildId} /> : null}
      {buildId ? (
        // The bound build's log is in the cache already (the chat's stream carries it); any other
        // is fetched by its own stream, which ends by itself as the build is over.
        <LogDetails summary="Build log" isInitiallyOpen={hasBeenWatched} isCached={isBound}>
          {isBound ? <ChatBuildLog buildId={buildId} /> : <BuildLogs buildId={buildId} />}
        </LogDetails>
      ) : null}
      {agentId ? (
        <LogDetails summary="Startup script log" isInitiallyOpen={hasBeenWatched} isCached>
          <ChatAgentLog chatId={chat.id} agentId={agentId} />
        </LogDetails>
      ) : null}
    </div>
  );
}
