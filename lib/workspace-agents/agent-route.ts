import "server-only";
import type { z } from "zod";
import { errorResponse } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/read-json-body";
import type { TextPolicy } from "@/lib/api/screen-input";
import { config } from "@/lib/config";
import { validationError } from "@/lib/errors";
import { authenticateAgent, type AgentRef } from "./authenticate-agent";

type AgentRouteContext<TBody> = {
  request: Request;
  /** The agent whose token the request carries; handlers act on it and nothing else. */
  agent: AgentRef;
  body: TBody;
};

/** The agent token of a request: `Authorization: Bearer` only, never a cookie. */
function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/**
 * Wraps a handler of the agent API (`/api/v1/agent/*`): resolves the calling agent from its
 * token, reads and screens the body like route(), parses it with zod, and maps every error to
 * the API's one shape.
 */
export function agentRoute<TBody = undefined>(
  options: {
    body?: z.ZodType<TBody>;
    /** "replace" where the body carries output kept as it comes (script logs); refused otherwise. */
    text?: TextPolicy;
  },
  handler: (ctx: AgentRouteContext<TBody>) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const agent = await authenticateAgent({ token: bearerToken(request) });
      let body = undefined as TBody;
      if (options.body) {
        const parsed = options.body.safeParse(await readJsonBody(request, config().maxBodyBytes, { text: options.text }));
        if (!parsed.success) throw validationError(parsed.error);
        body = parsed.data;
      }
      return await handler({ request, agent, body });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The answer of an agent API call that has nothing to return. */
export const noContent = () => new Response(null, { status: 204 });
