import type { LanguageModelV4, LanguageModelV4Prompt, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { insertChatMessage } from "@/lib/chat/messages/insert-chat-message";
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import { setToolConfig } from "@/lib/chat/tools/tool-config";
import { runTurn } from "@/lib/chat/turns/run-turn";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";
import { SYSTEM_PROMPT } from "./system-prompt";

// A workspace's AGENTS.md reaches a real model's system prompt: real sandboxed workspaces, their
// agents' files API, the turn as the server runs it, and a model that records what it is sent.

const getDb = useTestDatabase();
useEngine(getDb, { prefix: "kiln-agents-md-" });

beforeAll(() => {
  setToolConfig({ buildTimeoutMs: 60_000, agentConnectTimeoutMs: 20_000, startupTimeoutMs: 30_000 });
});

const RULES = "# House rules\nAlways run the tests with npm test.\nNever edit generated/.";

/** A model that answers "ok" and keeps every prompt it was sent. */
function recordingModel(prompts: LanguageModelV4Prompt[]): LanguageModelV4 {
  return {
    specificationVersion: "v4",
    provider: "test",
    modelId: "recording",
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error("the turn streams")),
    async doStream(call) {
      prompts.push(call.prompt);
      const parts: LanguageModelV4StreamPart[] = [
        { type: "stream-start", warnings: [] },
        { type: "text-start", id: "t" },
        { type: "text-delta", id: "t", delta: "ok" },
        { type: "text-end", id: "t" },
        {
          type: "finish",
          finishReason: { unified: "stop", raw: "stop" },
          usage: { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } },
        },
      ];
      return { stream: new ReadableStream({ start: (controller) => (parts.forEach((part) => controller.enqueue(part)), controller.close()) }) };
    },
  };
}

async function chatWithWorkspace({ agentsMd }: { agentsMd: string | null }) {
  const quick = (await listExampleTemplates()).find((t) => t.spec.name === "quick")!.spec;
  const write = agentsMd === null ? [] : [{ name: "Instructions", timeout: 30, run: `printf '%s\\n' '${agentsMd}' > "$KILN_WORKSPACE_DIR/AGENTS.md"` }];
  const seeded = await seedUserWithTemplate({ spec: { ...quick, build: [...(quick.build ?? []), ...write] } });
  const chat = await getDb().prisma.chat.create({ data: { ownerId: seeded.actor.id, organizationId: seeded.organizationId } });
  const tool = (name: "create_workspace" | "write_file", input: unknown) => runChatTool({ chatId: chat.id, actor: seeded.actor, tool: name, input });
  /** One turn with the recording model: the system prompt it was sent. */
  const turn = async () => {
    const prompts: LanguageModelV4Prompt[] = [];
    await insertChatMessage({ chatId: chat.id, role: "user", parts: [{ type: "text", text: "what should I know?" }] });
    await runTurn({ chatId: chat.id, actor: seeded.actor, organizationId: seeded.organizationId, model: recordingModel(prompts), signal: new AbortController().signal });
    expect(prompts).toHaveLength(1);
    const system = prompts[0]!.filter((message) => message.role === "system");
    expect(system).toHaveLength(1);
    return system[0]!.content as string;
  };
  return { ...seeded, chatId: chat.id, tool, turn, templateId: seeded.templateId };
}

describe("the workspace's AGENTS.md in a real model's instructions", () => {
  it("is read once the workspace is ready, added to the system prompt, and kept for the agent", async () => {
    const chat = await chatWithWorkspace({ agentsMd: RULES });
    // No workspace yet: Kiln's own prompt only.
    expect(await chat.turn()).toBe(SYSTEM_PROMPT);

    expect((await chat.tool("create_workspace", { template_id: chat.templateId })).output).toMatchObject({ created: true });
    const system = await chat.turn();
    expect(system.startsWith(SYSTEM_PROMPT)).toBe(true);
    expect(system).toContain(`<agents-md>\n${RULES}\n</agents-md>`);

    // Read once per agent: a change of the file while the agent runs does not reach the prompt.
    expect((await chat.tool("write_file", { path: "AGENTS.md", content: "changed" })).isError).toBe(false);
    expect(await chat.turn()).toBe(system);
  });

  it("a workspace without AGENTS.md leaves Kiln's prompt as it is", async () => {
    const chat = await chatWithWorkspace({ agentsMd: null });
    expect((await chat.tool("create_workspace", { template_id: chat.templateId })).output).toMatchObject({ created: true });
    expect(await chat.turn()).toBe(SYSTEM_PROMPT);
  });
});
