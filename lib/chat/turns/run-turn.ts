import "server-only";
import { convertToModelMessages, stepCountIs, streamText, type UIMessage } from "ai";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { closeWaitingToolParts } from "../tools/close-waiting-tool-parts";
import { insertChatMessage } from "../messages/insert-chat-message";
import { updateChatMessageParts } from "../messages/update-chat-message-parts";
import { chatTools } from "../tools/chat-tools";
import { chatSystemPrompt } from "../instructions/system-prompt";
import { chatWorkspaceInstructions } from "../instructions/workspace-instructions";

/** Most model steps in one turn (each tool round trip is a step). */
const MAX_STEPS = 8;
/** Streaming text is saved at most this often; tool states are saved at once. */
const TEXT_SAVE_INTERVAL_MS = 100;

type Part = Record<string, unknown> & { type: string };

/**
 * Runs one assistant turn on the server: the chat's messages go to the model with the chat's
 * tools, and the assistant message is stored as it streams (AI SDK UI message parts), so a
 * reader — or a reload — sees the text and each tool call's state as they happen.
 */
export async function runTurn({
  chatId,
  actor,
  organizationId,
  model,
  signal,
  requestIp,
}: {
  chatId: string;
  actor: Actor;
  organizationId: string;
  model: LanguageModelV4;
  signal: AbortSignal;
  /** The address of the message's request: the audit rows of the turn's tool calls carry it. */
  requestIp?: string | null;
}): Promise<void> {
  const prisma = await db();
  const rows = await prisma.chatMessage.findMany({ where: { chatId }, orderBy: { seq: "asc" } });
  const ctx = { chatId, actor, organizationId, signal, requestIp };
  const tools = chatTools(ctx);
  const history = rows.map((row) => ({ id: row.id, role: row.role, parts: row.parts }) as unknown as UIMessage);
  const messages = await convertToModelMessages(history, { tools, ignoreIncompleteToolCalls: true });
  const assistant = await insertChatMessage({ chatId, role: "assistant", parts: [] });

  let parts: Part[] = [];
  let lastSave = 0;
  let saved = "[]";
  const save = async (force: boolean) => {
    if (!force && Date.now() - lastSave < TEXT_SAVE_INTERVAL_MS) return;
    lastSave = Date.now();
    const text = JSON.stringify(parts);
    if (text === saved) return; // nothing new: no version, no event
    saved = text;
    await updateChatMessageParts({ chatId, messageId: assistant.id, parts });
  };
  const toolPart = (toolCallId: string) => parts.find((p) => p.toolCallId === toolCallId);

  // Each step reads the workspace's AGENTS.md if the workspace became ready (remembered per agent,
  // so this is one query once read): a workspace created in this turn informs its next steps.
  const instructions = async () => chatSystemPrompt({ workspaceInstructions: await chatWorkspaceInstructions(ctx, new Date()) });
  const result = streamText({
    model,
    instructions: await instructions(),
    prepareStep: async ({ stepNumber }) => (stepNumber === 0 ? undefined : { instructions: await instructions() }),
    messages,
    tools,
    stopWhen: stepCountIs(MAX_STEPS),
    abortSignal: signal,
  });
  try {
    for await (const part of result.fullStream) {
      switch (part.type) {
        case "text-start":
          parts.push({ type: "text", text: "", state: "streaming" });
          break;
        case "text-delta": {
          const text = parts.findLast((p) => p.type === "text");
          if (text) text.text = `${String(text.text)}${part.text}`;
          await save(false);
          break;
        }
        case "text-end": {
          const text = parts.findLast((p) => p.type === "text");
          if (text) text.state = "done";
          await save(true);
          break;
        }
        case "tool-call":
          parts.push({ type: `tool-${part.toolName}`, toolCallId: part.toolCallId, state: "input-available", input: part.input });
          await save(true);
          break;
        case "tool-result": {
          Object.assign(toolPart(part.toolCallId) ?? {}, { state: "output-available", output: part.output });
          await save(true);
          break;
        }
        case "tool-error": {
          const error = part.error;
          Object.assign(toolPart(part.toolCallId) ?? {}, {
            state: "output-error",
            errorText: error instanceof Error ? error.message : String(error),
          });
          await save(true);
          break;
        }
        case "error":
          throw part.error instanceof Error ? part.error : new Error(String(part.error));
        default:
          break;
      }
    }
  } finally {
    // Interrupted or failed: calls still without a result must not look as if they run on.
    parts = closeWaitingToolParts(parts) ?? parts;
    await save(true);
  }
}
