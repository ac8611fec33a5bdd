import { z } from "zod";
import { isResult, templateLabel, templatesOf } from "@/lib/chat/tools/tool-results";
import type { ChatMessage, ChatWithMessages } from "../schemas";

/** A tool part of a stored message (AI SDK UI message part `tool-<name>`). */
const toolPartSchema = z.object({
  type: z.string().startsWith("tool-"),
  toolCallId: z.string(),
  state: z.enum(["input-streaming", "input-available", "output-available", "output-error"]),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  errorText: z.string().optional(),
});

export type ToolPart = {
  toolName: string;
  toolCallId: string;
  state: z.infer<typeof toolPartSchema>["state"];
  input: Record<string, unknown>;
  output: unknown;
  errorText: string | undefined;
};

/** The tool part in a message part, or null for text and anything else. */
export function toToolPart(part: ChatMessage["parts"][number]): ToolPart | null {
  const parsed = toolPartSchema.safeParse(part);
  if (!parsed.success) return null;
  const { type, toolCallId, state, input, output, errorText } = parsed.data;
  return { toolName: type.slice("tool-".length), toolCallId, state, input: isResult(input) ? input : {}, output, errorText };
}

/** Whether the call still has no result. */
export const isWaiting = (part: ToolPart) => part.state === "input-available" || part.state === "input-streaming";

/** The build a finished create/start/stop call made or waited for, if its result names one. */
export function resultBuildId(part: ToolPart): string | null {
  return isResult(part.output) && typeof part.output.build_id === "string" ? part.output.build_id : null;
}

/**
 * The one tool call the chat's build and agent binding belong to: the latest call still waiting
 * for its result (a model's, or one made through the tools API). Its card shows the live stage
 * and logs; other waiting calls (parallel ones) just say they run.
 */
export function activeToolCallId(chat: ChatWithMessages): string | null {
  const waiting = chat.messages.flatMap((message) => message.parts.map(toToolPart)).findLast((part) => part !== null && isWaiting(part));
  return waiting?.toolCallId ?? null;
}

/**
 * Template labels by id, from the list_templates and read_template results in the chat, so a
 * create_workspace card can name its template instead of showing a UUID.
 */
export function templateLabelsById(messages: readonly ChatMessage[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const part of messages.flatMap((m) => m.parts.map(toToolPart))) {
    if (part?.state !== "output-available") continue;
    if (part.toolName === "list_templates") {
      for (const template of templatesOf(part.output)) labels.set(template.id, templateLabel(template));
    }
    if (part.toolName === "read_template" && isResult(part.output)) {
      const [template] = templatesOf({ templates: [part.output.template] });
      if (template) labels.set(template.id, templateLabel(template));
    }
  }
  return labels;
}
