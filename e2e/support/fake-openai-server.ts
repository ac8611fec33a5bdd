import http from "node:http";
import type { AddressInfo } from "node:net";

type Message = { role: string; content?: unknown; tool_calls?: { id: string; function: { name: string } }[]; tool_call_id?: string };
type Completion = { model: string; messages: Message[]; tools?: { function: { name: string } }[]; stream?: boolean };

export type FakeModelServer = { baseURL: string; requests: Completion[]; close(): Promise<void> };

/** A tool call the scripted model makes when the user's message starts with "work". */
export type WorkStep = { name: string; args: unknown };

/** The first object in a JSON value with `name` equal to `name` and an `id`. */
function findByName(value: unknown, name: string): { id: string } | undefined {
  if (Array.isArray(value)) return value.map((item) => findByName(item, name)).find(Boolean);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record.name === name && typeof record.id === "string") return { id: record.id };
    return Object.values(record).map((item) => findByName(item, name)).find(Boolean);
  }
  return undefined;
}

const parse = (text: unknown) => {
  try {
    return JSON.parse(typeof text === "string" ? text : JSON.stringify(text));
  } catch {
    return text;
  }
};

const textOf = (content: unknown): string =>
  typeof content === "string" ? content : Array.isArray(content) ? content.map((part) => (part as { text?: string }).text ?? "").join("") : "";

/**
 * What the scripted model does next, from the conversation so far: a user message → list the
 * templates; their list → create a workspace from `template`; its result → say so in text. A user
 * message starting with "work" → the `work` calls one after the other, then a text naming them.
 */
function nextStep(messages: Message[], template: string, work: WorkStep[]): { tool?: { name: string; args: unknown }; text?: string } {
  const last = messages.at(-1)!;
  if (last.role !== "tool") {
    const isWork = /^work\b/i.test(textOf(last.content)) && work.length > 0;
    return { tool: isWork ? work[0]! : { name: "list_templates", args: {} } };
  }
  const call = messages.flatMap((m) => m.tool_calls ?? []).find((c) => c.id === last.tool_call_id);
  const result = parse(last.content);
  const workIndex = work.findIndex((step) => step.name === call?.function.name);
  if (workIndex !== -1) {
    const following = work[workIndex + 1];
    return following ? { tool: following } : { text: `Done: ${work.map((step) => step.name).join(", then ")}.` };
  }
  if (call?.function.name === "list_templates") {
    const found = findByName(result, template);
    if (!found) return { text: `There is no template called ${template}.` };
    return { tool: { name: "create_workspace", args: { template_id: found.id, name: "from-model" } } };
  }
  const name = (result as { workspace_name?: string })?.workspace_name;
  return { text: name ? `Your workspace ${name} is ready.` : `The tool answered: ${JSON.stringify(result)}` };
}

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1 that streams (SSE) a scripted tool
 * call, the way OpenAI, Ollama or vLLM would: the app's real provider path talks to it.
 */
export async function startFakeModelServer({ template = "quick", work = [] as WorkStep[] } = {}): Promise<FakeModelServer> {
  const requests: Completion[] = [];
  const server = http.createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
      response.writeHead(404).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const completion = JSON.parse(body) as Completion;
    requests.push(completion);
    const step = nextStep(completion.messages, template, work);
    response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    const base = { id: `chatcmpl-${requests.length}`, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: completion.model };
    const send = (delta: unknown, finish: string | null = null) =>
      response.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    if (step.tool) {
      const args = JSON.stringify(step.tool.args);
      const half = Math.floor(args.length / 2);
      send({ role: "assistant", tool_calls: [{ index: 0, id: `call_${requests.length}`, type: "function", function: { name: step.tool.name, arguments: "" } }] });
      send({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] });
      send({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] });
      send({}, "tool_calls");
    } else {
      send({ role: "assistant", content: "" });
      for (const word of step.text!.split(/(?<= )/)) send({ content: word });
      send({}, "stop");
    }
    response.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
