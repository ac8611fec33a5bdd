import {
  agentManifestSchema,
  type AgentLifecycleReport,
  type AgentLogLine,
  type AgentManifest,
} from "../workspace-agents/schemas";

/** A failed call of the agent API; `status` is null when no answer came (server unreachable). */
export class AgentApiError extends Error {
  readonly status: number | null;

  constructor(status: number | null, message: string) {
    super(message);
    this.name = "AgentApiError";
    this.status = status;
  }
}

/**
 * Whether trying the same call again later may succeed: the server was unreachable, restarting or
 * overloaded. A 4xx is an answer about the request itself, which will not change.
 */
export function isRetryableError(error: unknown): boolean {
  if (!(error instanceof AgentApiError)) return false;
  const { status } = error;
  return status === null || status >= 500 || status === 408 || status === 429;
}

/** The reason behind a fetch failure: undici says "fetch failed" and puts the cause (ECONNREFUSED ...) inside. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : "";
  return cause ? `${error.message}: ${cause}` : error.message;
}

export type AgentClient = ReturnType<typeof createAgentClient>;

type CallOptions = { signal?: AbortSignal };

/** One HTTP call per method, no retries: callers decide how hard to try. */
export function createAgentClient({
  baseUrl,
  token,
  fetch = globalThis.fetch,
  timeoutMs = 15_000,
}: {
  baseUrl: string;
  token: string;
  fetch?: typeof globalThis.fetch;
  /** Per request: a server that hangs must not hang the agent. */
  timeoutMs?: number;
}) {
  const root = baseUrl.replace(/\/+$/, "");

  async function call(method: "GET" | "POST", path: string, body: unknown, options: CallOptions): Promise<Response> {
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
      let message = text.slice(0, 500);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // Not the API's JSON error (a proxy's page, say): keep the text.
      }
      throw new AgentApiError(response.status, `${method} ${path}: HTTP ${response.status}${message ? `: ${message}` : ""}`);
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
      const parsed = agentManifestSchema.safeParse(await response.json().catch(() => null));
      // A malformed manifest is a server of another version, not a passing failure.
      if (!parsed.success) throw new AgentApiError(response.status, `GET manifest: unexpected answer: ${parsed.error.message}`);
      return parsed.data;
    },
    connect: (address: string, options?: CallOptions) => post("connect", { address }, options),
    heartbeat: (options?: CallOptions) => post("heartbeat", {}, options),
    reportLifecycle: (report: AgentLifecycleReport, options?: CallOptions) => post("lifecycle", report, options),
    sendLogs: (logs: AgentLogLine[], options?: CallOptions) => post("logs", { logs }, options),
    disconnect: (options?: CallOptions) => post("disconnect", {}, options),
  };
}
