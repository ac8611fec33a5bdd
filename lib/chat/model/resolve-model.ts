import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { createBuiltinModel } from "./builtin/builtin-model";

export type ActiveModel = { model: LanguageModelV4; label: string };

const asModel = (model: unknown) => model as LanguageModelV4;

function apiKey(env: NodeJS.ProcessEnv, providerVariable: string, model: string): string {
  const key = env.KILN_MODEL_API_KEY || env[providerVariable];
  if (!key) throw new Error(`KILN_MODEL=${model} needs an API key: set KILN_MODEL_API_KEY or ${providerVariable}`);
  return key;
}

/**
 * The assistant's model from the environment:
 * - `KILN_MODEL=openai:<model>` — OpenAI (key: KILN_MODEL_API_KEY or OPENAI_API_KEY);
 * - `KILN_MODEL=anthropic:<model>` — Anthropic (key: KILN_MODEL_API_KEY or ANTHROPIC_API_KEY);
 * - `KILN_MODEL=<model>` with `KILN_MODEL_BASE_URL` — any OpenAI-compatible server (Ollama,
 *   vLLM, llama.cpp), KILN_MODEL_API_KEY optional; the base URL also redirects the two above;
 * - nothing set — the built-in assistant, which needs no network.
 */
export function resolveModel(env: NodeJS.ProcessEnv = process.env): ActiveModel {
  const model = env.KILN_MODEL?.trim();
  const baseURL = env.KILN_MODEL_BASE_URL?.trim() || undefined;
  if (!model) return { model: createBuiltinModel(), label: "Kiln built-in assistant" };
  const [prefix, ...rest] = model.split(":");
  const modelId = rest.join(":");
  if (prefix === "openai" && modelId) {
    const provider = createOpenAI({ apiKey: apiKey(env, "OPENAI_API_KEY", model), baseURL });
    return { model: asModel(provider(modelId)), label: `OpenAI ${modelId}` };
  }
  if (prefix === "anthropic" && modelId) {
    const provider = createAnthropic({ apiKey: apiKey(env, "ANTHROPIC_API_KEY", model), baseURL });
    return { model: asModel(provider(modelId)), label: `Anthropic ${modelId}` };
  }
  if (!baseURL) throw new Error(`KILN_MODEL=${model} needs KILN_MODEL_BASE_URL (an OpenAI-compatible server), or a prefix openai: or anthropic:`);
  const provider = createOpenAICompatible({ name: "kiln-model", baseURL, apiKey: env.KILN_MODEL_API_KEY });
  // The host only: a base URL may carry credentials or internal paths, and every user sees this.
  return { model: asModel(provider(model)), label: `${model} (${URL.parse(baseURL)?.host ?? "OpenAI-compatible server"})` };
}

/** The active model's label, or what is wrong with the configuration. */
export function activeModelLabel(env: NodeJS.ProcessEnv = process.env): { label: string; error: string | null } {
  try {
    return { label: resolveModel(env).label, error: null };
  } catch (error) {
    return { label: env.KILN_MODEL ?? "", error: (error as Error).message };
  }
}
