import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { decideNextStep, type NextStep } from "./decide-next-step";

export const BUILTIN_PROVIDER = "kiln";
export const BUILTIN_MODEL_ID = "builtin";

export type BuiltinModelOptions = {
  /** Pause between text deltas so the answer visibly streams; 0 in tests. Default 15 ms. */
  chunkDelayMs?: number;
  /** Ids of tool calls, text blocks and responses; random by default. */
  generateId?: () => string;
};

const DEFAULT_CHUNK_DELAY_MS = 15;
const MAX_DELTAS = 8;

/**
 * Kiln's own language model, used when no model key is configured. It never touches the network:
 * it reads the request from `options.prompt` with a small parser and answers with one tool call
 * or one text per step, so it runs through the very same `streamText` tool loop and tools as a
 * real model (`streamText({ model, tools, stopWhen: stepCountIs(n) })`).
 */
export function createBuiltinModel(options: BuiltinModelOptions = {}): LanguageModelV4 {
  const chunkDelayMs = options.chunkDelayMs ?? DEFAULT_CHUNK_DELAY_MS;
  const generateId = options.generateId ?? (() => crypto.randomUUID());

  const decide = (call: LanguageModelV4CallOptions) => decideNextStep({ prompt: call.prompt, toolNames: availableTools(call) });

  return {
    specificationVersion: "v4",
    provider: BUILTIN_PROVIDER,
    modelId: BUILTIN_MODEL_ID,
    supportedUrls: {},

    async doGenerate(call): Promise<LanguageModelV4GenerateResult> {
      const step = decide(call);
      const content: LanguageModelV4Content[] =
        step.type === "text"
          ? [{ type: "text", text: step.text }]
          : [{ type: "tool-call", toolCallId: generateId(), toolName: step.toolName, input: JSON.stringify(step.input) }];
      return {
        content,
        finishReason: finishReason(step),
        usage: usage(call, step),
        warnings: [],
        response: { id: generateId(), modelId: BUILTIN_MODEL_ID, timestamp: new Date() },
      };
    },

    async doStream(call) {
      const step = decide(call);
      const parts: LanguageModelV4StreamPart[] = [
        { type: "stream-start", warnings: [] },
        { type: "response-metadata", id: generateId(), modelId: BUILTIN_MODEL_ID, timestamp: new Date() },
      ];
      if (step.type === "text") {
        const id = generateId();
        parts.push({ type: "text-start", id });
        for (const delta of splitIntoDeltas(step.text)) parts.push({ type: "text-delta", id, delta });
        parts.push({ type: "text-end", id });
      } else {
        parts.push({ type: "tool-call", toolCallId: generateId(), toolName: step.toolName, input: JSON.stringify(step.input) });
      }
      parts.push({ type: "finish", usage: usage(call, step), finishReason: finishReason(step) });

      let next = 0;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          const part = parts[next++];
          if (!part) return controller.close();
          // Only text deltas are paced: the other parts carry no visible progress.
          if (part.type === "text-delta" && chunkDelayMs > 0 && parts[next - 2]?.type === "text-delta") {
            await sleep(chunkDelayMs, call.abortSignal);
          }
          if (call.abortSignal?.aborted) return controller.error(call.abortSignal.reason);
          controller.enqueue(part);
        },
      });
      return { stream };
    },
  };
}

/** Tools the model may call in this step: those offered, none under `toolChoice: none`. */
function availableTools(call: LanguageModelV4CallOptions): Set<string> {
  if (call.toolChoice?.type === "none") return new Set();
  return new Set((call.tools ?? []).filter((tool) => tool.type === "function").map((tool) => tool.name));
}

function finishReason(step: NextStep): LanguageModelV4FinishReason {
  return step.type === "tool-call" ? { unified: "tool-calls", raw: "tool-calls" } : { unified: "stop", raw: "stop" };
}

/** Rough token counts (4 characters a token) so usage displays and budgets see plausible numbers. */
function usage(call: LanguageModelV4CallOptions, step: NextStep): LanguageModelV4Usage {
  const input = Math.ceil(JSON.stringify(call.prompt).length / 4);
  const output = Math.ceil((step.type === "text" ? step.text : JSON.stringify(step.input)).length / 4);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

/** A few deltas cut at word boundaries, so the text arrives in visible pieces, never mid-word. */
export function splitIntoDeltas(text: string, maxDeltas = MAX_DELTAS): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  if (words.length === 0) return [text];
  const perDelta = Math.ceil(words.length / maxDeltas);
  const deltas: string[] = [];
  for (let i = 0; i < words.length; i += perDelta) deltas.push(words.slice(i, i + perDelta).join(""));
  return deltas;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
