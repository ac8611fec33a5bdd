import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { AppError, validationError, type Validation } from "@/lib/errors";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createWorkspaceBuild } from "@/lib/workspaces/create-workspace-build";
import { createWorkspaceBuildSchema, createWorkspaceSchema, type WorkspaceTransition } from "@/lib/workspaces/schemas";

/** A request the workspace service refused (its HTTP 4xx), as the tools report it. */
export type Rejection = { status: number; error: string; detail?: string; validations?: Validation[] };

export type ServiceResult<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

function reject(error: unknown): ServiceResult<never> {
  if (error instanceof AppError && error.status < 500) {
    return {
      ok: false,
      rejection: {
        status: error.status,
        error: error.message,
        ...(error.detail ? { detail: error.detail } : {}),
        ...(error.validations?.length ? { validations: error.validations } : {}),
      },
    };
  }
  throw error;
}

/**
 * The same service as `POST /api/v1/workspaces`, called in-process: the body is validated with
 * the route's schema, so a tool gets exactly the answers an HTTP client would.
 */
export async function requestWorkspace(
  actor: Actor,
  body: { templateId: string; name: string; parameters?: Record<string, string>; ttlMs?: number | null },
): Promise<ServiceResult<Awaited<ReturnType<typeof createWorkspace>>>> {
  try {
    const parsed = createWorkspaceSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    return { ok: true, value: await createWorkspace({ input: parsed.data, actor }) };
  } catch (error) {
    return reject(error);
  }
}

/** The same service as `POST /api/v1/workspaces/:id/builds`. */
export async function requestBuild(
  actor: Actor,
  workspaceId: string,
  body: { transition: WorkspaceTransition; parameters?: Record<string, string> },
): Promise<ServiceResult<Awaited<ReturnType<typeof createWorkspaceBuild>>>> {
  try {
    const parsed = createWorkspaceBuildSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    return { ok: true, value: await createWorkspaceBuild({ workspaceId, input: parsed.data, actor }) };
  } catch (error) {
    return reject(error);
  }
}

/** A rejection as the structured failure a tool returns: `{error, detail?, validations?}`. */
export function rejectionResult(rejection: Rejection, extra: Record<string, unknown> = {}) {
  return {
    error: rejection.error,
    ...(rejection.detail ? { detail: rejection.detail } : {}),
    ...(rejection.validations ? { validations: rejection.validations } : {}),
    ...extra,
  };
}
