import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { createBuiltinModel } from "./builtin-model";

export type ActiveModel = { model: LanguageModelV4; label: string };

/**
 * The assistant's model from the environment: an OpenAI-compatible server when
 * KILN_MODEL_BASE_URL and KILN_MODEL are set (OpenAI, Ollama, vLLM, llama.cpp), else the
 * built-in assistant, which needs no network.
 */
export function resolveModel(env: NodeJS.ProcessEnv = process.env): ActiveModel {
  const baseURL = env.KILN_MODEL_BASE_URL;
  const modelId = env.KILN_MODEL;
  if (baseURL && modelId) {
    const provider = createOpenAICompatible({ name: "kiln-model", baseURL, apiKey: env.KILN_MODEL_API_KEY });
    return { model: provider(modelId) as unknown as LanguageModelV4, label: `${modelId} (${baseURL})` };
  }
  return { model: createBuiltinModel(), label: "Kiln built-in assistant" };
}
