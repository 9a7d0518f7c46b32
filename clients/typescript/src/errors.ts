/** One entry of an error answer's `errors` list, as the server sends it. */
export interface ApiErrorItem {
  /** `ValidationError`, `QueryError`, `StateConflict`, `Conflict`, `IdempotencyConflict`, … (optional). */
  name?: string;
  message: string;
  data?: unknown;
}

/** One offending field or query path: ValidationError's `data.errors[]`, QueryError's `data[]`. */
export interface FieldError {
  path: string;
  message?: string;
}

/**
 * Any answer other than 2xx. `status` is the HTTP status, `errors` the body's list, `requestId`
 * the `X-Request-Id` of the answer (quote it when asking for support), `fieldErrors` every
 * offending path of a ValidationError or QueryError.
 */
export class ClearmarginError extends Error {
  readonly status: number;
  readonly errors: ApiErrorItem[];
  readonly requestId: string | undefined;
  /** The first error's `name` (`ValidationError`, `StateConflict`, …), when the server gave one. */
  readonly type: string | undefined;
  readonly fieldErrors: FieldError[];
  /** Seconds from `Retry-After` (429, 503), when present. */
  readonly retryAfter: number | undefined;
  readonly headers: Headers;
  readonly body: unknown;

  constructor(status: number, body: unknown, headers: Headers) {
    const errors = parseErrors(body, status);
    const first = errors[0];
    const requestId = headers.get("x-request-id") ?? undefined;
    super(`${status} ${first?.name ? first.name + ": " : ""}${first?.message ?? "HTTP error"}${requestId ? ` (request ${requestId})` : ""}`);
    this.name = new.target.name;
    this.status = status;
    this.errors = errors;
    this.requestId = requestId;
    this.type = first?.name;
    this.fieldErrors = errors.flatMap(fieldErrorsOf);
    const ra = headers.get("retry-after");
    this.retryAfter = ra !== null && /^\d+$/.test(ra.trim()) ? Number(ra) : undefined;
    this.headers = headers;
    this.body = body;
  }

  /** The error for an answer: the subclass for its status. */
  static of(status: number, body: unknown, headers: Headers): ClearmarginError {
    const type = STATUS_CLASSES[status] ?? (status >= 500 ? ServerError : ClearmarginError);
    return new type(status, body, headers);
  }
}

/** 400: a body or query the server refused; see `fieldErrors`. */
export class InvalidRequestError extends ClearmarginError {}
/** 401: a missing, unknown, expired or revoked key. */
export class AuthenticationError extends ClearmarginError {}
/** 403: the key lacks a scope (`errors[0].data.requiredScope`). */
export class PermissionError extends ClearmarginError {}
/** 404: no such document (or one of another organization). */
export class NotFoundError extends ClearmarginError {}
/** 409: a state or reference conflict, or an idempotency key reused with another body. */
export class ConflictError extends ClearmarginError {}
/** 429: over the key's rate limit (after the client's retries). */
export class RateLimitError extends ClearmarginError {}
/** 5xx (503: database unavailable, after the client's retries). */
export class ServerError extends ClearmarginError {}

const STATUS_CLASSES: Record<number, new (status: number, body: unknown, headers: Headers) => ClearmarginError> = {
  400: InvalidRequestError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/** A network failure (no answer): connection refused, reset, timeout. */
export class ConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConnectionError";
  }
}

function parseErrors(body: unknown, status: number): ApiErrorItem[] {
  if (body && typeof body === "object" && Array.isArray((body as { errors?: unknown }).errors)) {
    return ((body as { errors: unknown[] }).errors).map((e) =>
      e && typeof e === "object" ? (e as ApiErrorItem) : { message: String(e) },
    );
  }
  return [{ message: typeof body === "string" && body ? body : `HTTP ${status}` }];
}

function fieldErrorsOf(e: ApiErrorItem): FieldError[] {
  const data = e.data as unknown;
  if (data && typeof data === "object" && !Array.isArray(data) && Array.isArray((data as { errors?: unknown }).errors)) {
    return ((data as { errors: { path?: unknown; message?: unknown }[] }).errors)
      .filter((x) => x && typeof x.path === "string")
      .map((x) => ({ path: x.path as string, ...(typeof x.message === "string" ? { message: x.message } : {}) }));
  }
  if (Array.isArray(data)) {
    return data
      .filter((x): x is { path: string } => !!x && typeof (x as { path?: unknown }).path === "string")
      .map((x) => ({ path: x.path, message: e.message }));
  }
  return [];
}
