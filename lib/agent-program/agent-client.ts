import {
  agentManifestSchema,
  type AgentLifecycleReport,
  type AgentLogLine,
  type AgentManifest,
  type AppHealthReport,
  type ProcessReport,
} from "../workspace-agents/schemas";
import { apiErrorSchema } from "../errors";

/** The JSON in `text`, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A failed call of the agent API; `status` is null when no answer came (server unreachable), and
 * the answer's status when it was an error or could not be read.
 */
export class AgentApiError extends Error {
  readonly status: number | null;
  /** Whether the answer was the API's own JSON error, not a proxy's page or a cut-off body. */
  readonly isApiAnswer: boolean;

  constructor(status: number | null, message: string, options: { isApiAnswer?: boolean } = {}) {
    super(message);
    this.name = "AgentApiError";
    this.status = status;
    this.isApiAnswer = options.isApiAnswer ?? false;
  }
}

/**
 * Whether the server understood the request and refused it (a 4xx other than 408 and 429):
 * sending the same request again gets the same answer.
 */
export function isRefusal(error: unknown): boolean {
  if (!(error instanceof AgentApiError) || error.status === null) return false;
  const { status } = error;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Whether trying the same call again later may succeed: anything but a refusal. An unreachable,
 * restarting or overloaded server, a proxy's error page and an answer that cannot be read (a
 * body cut off under load) are all passing.
 */
export function isRetryableError(error: unknown): boolean {
  return !isRefusal(error);
}

/**
 * Whether the API itself said this agent's token (401) or record (404) is gone: nothing the agent
 * sends will be taken again, so it stops. A 401 or 404 page that is not the API's JSON error (a
 * proxy during a deploy) is not definite.
 */
export function isAgentGone(error: unknown): boolean {
  return error instanceof AgentApiError && error.isApiAnswer && (error.status === 401 || error.status === 404);
}

/** The reason behind a fetch failure: undici says "fetch failed" and puts the cause (ECONNREFUSED ...) inside. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : "";
  return cause ? `${error.message}: ${cause}` : error.message;
}

export type AgentClient = ReturnType<typeof createAgentClient>;

type CallOptions = { signal?: AbortSignal };

/**
 * One HTTP call per method, no retries: callers decide how hard to try. Whichever call learns
 * that the agent is gone (isAgentGone) tells `onGone` too, so one place can stop the agent.
 */
export function createAgentClient({
  baseUrl,
  token,
  fetch = globalThis.fetch,
  timeoutMs = 15_000,
  onGone,
}: {
  baseUrl: string;
  token: string;
  fetch?: typeof globalThis.fetch;
  /** Per request: a server that hangs must not hang the agent. */
  timeoutMs?: number;
  onGone?: (error: AgentApiError) => void;
}) {
  const root = baseUrl.replace(/\/+$/, "");

  async function call(method: "GET" | "POST", path: string, body: unknown, options: CallOptions): Promise<Response> {
    try {
      return await send(method, path, body, options);
    } catch (error) {
      if (isAgentGone(error)) onGone?.(error as AgentApiError);
      throw error;
    }
  }

  async function send(method: "GET" | "POST", path: string, body: unknown, options: CallOptions): Promise<Response> {
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
    let response: Response;
    try {
      response = await fetch(`${root}/api/v1/agent/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      throw new AgentApiError(null, `${method} ${path}: ${describeFailure(error)}`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      // Anything else (a proxy's page, say) is kept as text.
      const answer = apiErrorSchema.safeParse(parseJson(text));
      const message = answer.success ? answer.data.message : text.slice(0, 500);
      throw new AgentApiError(response.status, `${method} ${path}: HTTP ${response.status}${message ? `: ${message}` : ""}`, {
        isApiAnswer: answer.success,
      });
    }
    return response;
  }

  async function post(path: string, body: unknown, options: CallOptions = {}): Promise<void> {
    const response = await call("POST", path, body, options);
    // Drained so that the connection can be reused.
    await response.arrayBuffer().catch(() => {});
  }

  return {
    async getManifest(options: CallOptions = {}): Promise<AgentManifest> {
      const response = await call("GET", "manifest", undefined, options);
      const parsed = agentManifestSchema.safeParse(parseJson(await response.text().catch(() => "")));
      // Retryable: under load a body can come back cut off or empty, and the next one is whole.
      if (!parsed.success) throw new AgentApiError(response.status, `GET manifest: unexpected answer: ${parsed.error.message}`);
      return parsed.data;
    },
    connect: (address: string, options?: CallOptions) => post("connect", { address }, options),
    heartbeat: (options?: CallOptions) => post("heartbeat", {}, options),
    reportLifecycle: (report: AgentLifecycleReport, options?: CallOptions) => post("lifecycle", report, options),
    sendLogs: (logs: AgentLogLine[], options?: CallOptions) => post("logs", { logs }, options),
    sendProcessOutput: (processes: ProcessReport[], options?: CallOptions) => post("process-output", { processes }, options),
    disconnect: (options?: CallOptions) => post("disconnect", {}, options),
    reportAppHealth: (report: AppHealthReport, options?: CallOptions) => post("app-health", report, options),
  };
}
