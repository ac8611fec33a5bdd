import "server-only";
import type { ChatToolName, ToolCallResult } from "@/lib/chat/schemas";
import { CHAT_TOOL_ENTRIES } from "./chat-tools";
import type { ToolContext } from "./tool-context";
import { ToolTextError } from "./tool-text-error";

/**
 * Validates a tool's input and runs it. Text errors (bad input, look-ups) come back as
 * `{output: "<message>", isError: true}`; structured failures are ordinary outputs with `error`.
 */
export async function executeTool({ tool, input, ctx }: { tool: ChatToolName; input: unknown; ctx: ToolContext }): Promise<ToolCallResult> {
  const entry = CHAT_TOOL_ENTRIES[tool];
  const parsed = entry.inputSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`);
    return { output: `invalid input: ${problems.join("; ")}`, isError: true };
  }
  try {
    return { output: await entry.run(ctx, parsed.data as never), isError: false };
  } catch (error) {
    if (error instanceof ToolTextError) return { output: error.message, isError: true };
    console.error(`tool ${tool} failed:`, error);
    return { output: `${tool} failed: ${(error as Error).message}`, isError: true };
  }
}
