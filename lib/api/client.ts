import type { z } from "zod";
import { apiErrorSchema, type ApiErrorBody } from "@/lib/errors";

/** An API answer other than 2xx, with the parsed error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = "ApiError";
  }

  /** The detail of a validation on one field, if any. */
  fieldError(field: string): string | undefined {
    return this.body.validations?.find((v) => v.field === field)?.detail;
  }
}

/**
 * Browser-side fetch of the Kiln API: JSON in, the answer parsed with the route's shared schema
 * (as the server parses what it receives), errors as ApiError. An answer that does not match the
 * schema is an error here, not a wrong value deep in a component.
 */
export async function apiFetch<T extends z.ZodType>(
  path: string,
  schema: T,
  init: { method?: string; body?: unknown } = {},
): Promise<z.infer<T>> {
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(data);
    throw new ApiError(response.status, parsed.success ? parsed.data : { message: `HTTP ${response.status}` });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError(response.status, { message: `Unexpected answer from ${path}.` });
  return parsed.data;
}
