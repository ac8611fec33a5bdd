import { z } from "zod";

/** Error codes and the HTTP status each one answers with. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  internal: 500,
  bad_gateway: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const validationSchema = z.object({ field: z.string(), detail: z.string() });
export type Validation = z.infer<typeof validationSchema>;

/** The one error body of the API. */
export const apiErrorSchema = z.object({
  message: z.string(),
  /** A machine-readable reason where clients act on it (e.g. "INSUFFICIENT_QUOTA"). */
  code: z.string().optional(),
  detail: z.string().optional(),
  validations: z.array(validationSchema).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** An expected failure: its code decides the status, its message reaches the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly validations: Validation[] | undefined;
  /** For `too_many_requests`: when to try again, sent as the `Retry-After` header. */
  readonly retryAfterSeconds: number | undefined;
  /** Sent as the body's `code`: a reason a client can act on, beyond the status. */
  readonly apiCode: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { detail?: string; validations?: Validation[]; retryAfterSeconds?: number; apiCode?: string } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.detail = options.detail;
    this.validations = options.validations;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.apiCode = options.apiCode;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** Response headers the error carries (`Retry-After`). */
  headers(): Record<string, string> {
    return this.retryAfterSeconds === undefined ? {} : { "Retry-After": String(this.retryAfterSeconds) };
  }

  toBody(): ApiErrorBody {
    return {
      message: this.message,
      ...(this.apiCode ? { code: this.apiCode } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.validations?.length ? { validations: this.validations } : {}),
    };
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

/** zod issues as API validations: one per field path ("parameters.0.value"). */
export function zodValidations(error: z.ZodError, prefix: string[] = []): Validation[] {
  return error.issues.map((issue) => ({
    field: [...prefix, ...issue.path.map(String)].join(".") || "body",
    detail: issue.message,
  }));
}

export function validationError(error: z.ZodError, message = "Validation failed", prefix: string[] = []): AppError {
  return new AppError("bad_request", message, { validations: zodValidations(error, prefix) });
}
