import "server-only";
import { z } from "zod";
import { isAdmin, SESSION_COOKIE, type Actor } from "@/lib/auth/actor";
import { cachedActor } from "@/lib/auth/cached-actor";
import type { AuditOrigin } from "@/lib/audit/audit-origin";
import { config } from "@/lib/config";
import { AppError, validationError } from "@/lib/errors";
import { clientAddress } from "./client-address";
import { readCookie } from "./cookies";
import { readJsonBody } from "./read-json-body";
import { screenInput } from "./screen-input";

type Access = "public" | "user" | "admin";

type RouteOptions<TBody, TQuery, TParams> = {
  /** Who may call: anyone, a signed-in user (default), or an admin. */
  access?: Access;
  body?: z.ZodType<TBody>;
  query?: z.ZodType<TQuery>;
  params?: z.ZodType<TParams>;
  /** Largest body, in bytes, where a route takes more than the server's limit (KILN_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
};

type Context<TBody, TQuery, TParams, A> = {
  request: Request;
  actor: A;
  body: TBody;
  query: TQuery;
  params: TParams;
  /** The client address and whether a page (session cookie) or an API client (token) asked. */
  origin: AuditOrigin & { via: "page" | "api" };
};

type NextContext = { params: Promise<Record<string, string | string[]>> };

/** Shorthand for a JSON response. */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

function requestOrigin(request: Request): AuditOrigin & { via: "page" | "api" } {
  return {
    requestIp: clientAddress({ headers: request.headers, trustProxy: config().trustProxy }),
    via: request.headers.get("authorization") ? "api" : "page",
  };
}

/** The session secret or API token a request carries. */
function requestSecret(request: Request): string | null {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1] ?? null;
  }
  return readCookie(request.headers.get("cookie"), SESSION_COOKIE);
}

/**
 * A cookie-authenticated write from another site is refused. SameSite=Lax already keeps the
 * cookie off cross-site POSTs; this also covers same-site subdomains.
 */
function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (!origin || request.headers.get("authorization")) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host && URL.parse(origin)?.host !== host) throw new AppError("forbidden", "Cross-origin request refused.");
}

async function authenticate(request: Request, access: Access, now: Date): Promise<Actor | null> {
  if (access === "public") return null;
  const secret = requestSecret(request);
  const actor = secret ? await cachedActor({ secret, now }) : null;
  if (!actor) throw new AppError("unauthorized", "You are not signed in.");
  assertSameOrigin(request);
  if (access === "admin" && !isAdmin(actor)) throw new AppError("forbidden", "This needs an admin.");
  return actor;
}

/** Turns any thrown value into the API's one error shape. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return json(error.toBody(), error.status, error.headers());
  if (error instanceof z.ZodError) {
    const appError = validationError(error);
    return json(appError.toBody(), appError.status);
  }
  console.error("internal error:", error);
  return json({ message: "Internal error. It has been logged." }, 500);
}

/**
 * Wraps a route handler: authenticates, checks the role, parses params, query and body with
 * zod, and maps every error to `{message, detail?, validations?}`.
 */
export function route<TBody = undefined, TQuery = undefined, TParams = undefined, A extends Access = "user">(
  options: RouteOptions<TBody, TQuery, TParams> & { access?: A },
  handler: (ctx: Context<TBody, TQuery, TParams, A extends "public" ? null : Actor>) => Promise<Response>,
): (request: Request, context: NextContext) => Promise<Response> {
  return async (request, context) => {
    try {
      const actor = await authenticate(request, options.access ?? "user", new Date());
      // Path and query are screened like bodies, whether or not the route reads them: one rule
      // for every input of every route.
      const rawParams = screenInput({ value: await context.params, message: "Invalid path", root: "path" });
      const rawQuery = screenInput({
        value: Object.fromEntries(new URL(request.url).searchParams),
        message: "Invalid query",
        root: "query",
      });
      const params = options.params ? parseOrThrow(options.params, rawParams, "Invalid path") : undefined;
      const query = options.query ? parseOrThrow(options.query, rawQuery, "Invalid query") : undefined;
      const body = options.body
        ? parseOrThrow(options.body, await readJsonBody(request, options.maxBodyBytes ?? config().maxBodyBytes), "Validation failed")
        : undefined;
      return await handler({
        request,
        actor: actor as A extends "public" ? null : Actor,
        body: body as TBody,
        query: query as TQuery,
        params: params as TParams,
        origin: requestOrigin(request),
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, message: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, message);
  return result.data;
}
