import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { AuditOrigin } from "@/lib/audit/audit-origin";
import { AppError, validationError } from "@/lib/errors";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createWorkspaceBuild } from "@/lib/workspaces/create-workspace-build";
import { createWorkspaceBuildSchema, createWorkspaceSchema, type WorkspaceTransition } from "@/lib/workspaces/schemas";

/**
 * The outcome of a workspace service call. A refusal stays the service's own AppError (its 4xx),
 * so a tool sees exactly what an HTTP client would; `structuredFailure` is its one tool form.
 */
export type ServiceResult<T> = { ok: true; value: T } | { ok: false; error: AppError };

function reject(error: unknown): ServiceResult<never> {
  if (error instanceof AppError && error.status < 500) return { ok: false, error };
  throw error;
}

/**
 * The same service as `POST /api/v1/workspaces`, called in-process: the body is validated with
 * the route's schema, so a tool gets exactly the answers an HTTP client would.
 */
export async function requestWorkspace(
  actor: Actor,
  body: { templateId: string; name: string; parameters?: Record<string, string>; ttlMs?: number | null },
  origin?: AuditOrigin,
): Promise<ServiceResult<Awaited<ReturnType<typeof createWorkspace>>>> {
  try {
    const parsed = createWorkspaceSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    return { ok: true, value: await createWorkspace({ input: parsed.data, actor, origin }) };
  } catch (error) {
    return reject(error);
  }
}

/** The same service as `POST /api/v1/workspaces/:id/builds`. */
export async function requestBuild(
  actor: Actor,
  workspaceId: string,
  body: { transition: WorkspaceTransition; parameters?: Record<string, string> },
  origin?: AuditOrigin,
): Promise<ServiceResult<Awaited<ReturnType<typeof createWorkspaceBuild>>>> {
  try {
    const parsed = createWorkspaceBuildSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    return { ok: true, value: await createWorkspaceBuild({ workspaceId, input: parsed.data, actor, origin }) };
  } catch (error) {
    return reject(error);
  }
}

/** The audit origin of a change a chat tool makes: the chat, the tool, the address of the turn's request. */
export function toolOrigin(ctx: { chatId: string; requestIp?: string | null }, tool: string): AuditOrigin {
  return { via: "chat", chatId: ctx.chatId, tool, requestIp: ctx.requestIp };
}

/**
 * A refusal as the structured failure a tool returns: the API's error body (its `code`, such as
 * INSUFFICIENT_QUOTA, included), `message` named `error`.
 */
export function structuredFailure(error: AppError, extra: Record<string, unknown> = {}) {
  const { message, ...rest } = error.toBody();
  return { error: message, ...rest, ...extra };
}
