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

/** Browser-side fetch of the Kiln API: JSON in, JSON out, errors as ApiError. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(data);
    throw new ApiError(response.status, parsed.success ? parsed.data : { message: `HTTP ${response.status}` });
  }
  return data as T;
}
