"use client";

import { useMutation } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { runChatTool } from "@/lib/chat/queries";

/**
 * Stops a command of the chat through the process_signal tool (`POST /chats/:id/tools/process_signal`),
 * the same call a model makes, so it works whichever assistant started the command. The card
 * shows the end when the process's output stream says it is done.
 */
export function StopProcessButton({ chatId, processId }: { chatId: string; processId: string }) {
  const stop = useMutation(runChatTool(chatId));
  const refusal = stop.data?.isError ? String(stop.data.output) : null;
  const isSent = stop.isPending || (stop.isSuccess && !refusal);
  return (
    <div className="ml-auto flex flex-col items-end gap-2">
      <Button
        variant="secondary"
        disabled={isSent}
        onClick={() => stop.mutate({ tool: "process_signal", input: { process_id: processId, signal: "terminate" } })}
      >
        {isSent ? "Stopping…" : "Stop command"}
      </Button>
      {stop.error || refusal ? <Alert>Could not stop the command: {stop.error?.message ?? refusal}</Alert> : null}
    </div>
  );
}
