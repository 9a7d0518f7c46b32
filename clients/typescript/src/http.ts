import { randomUUID } from "node:crypto";
import { ClearmarginError, ConnectionError } from "./errors.js";

export interface ClientOptions {
  /** `sk_live_…` / `sk_test_…`. Default: the CLEARMARGIN_API_KEY environment variable. */
  apiKey?: string;
  /** The server's origin, e.g. `https://api.clearmargin.app`. Default: CLEARMARGIN_BASE_URL, else `http://127.0.0.1:8080`. */
  baseUrl?: string;
  /** Retries of a request answered 429 or 503 (each after its `Retry-After`). Default 2. */
  maxRetries?: number;
  /** A `Retry-After` longer than this (seconds) is not waited for: the error is thrown. Default 60. */
  maxRetryDelaySeconds?: number;
  /** Per attempt. Default 60 000 ms. */
  timeoutMs?: number;
  /** A fetch implementation (default: the global one), e.g. to log or proxy requests. */
  fetch?: typeof fetch;
}

/** Per-call options. */
export interface RequestOptions {
  /** The `Idempotency-Key` of a POST (default: a new random UUID per call, reused by its retries). */
  idempotencyKey?: string;
  /** Sent as `X-Request-Id` (≤ 64 of `[A-Za-z0-9._-]`); the server echoes it and logs it. */
  requestId?: string;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** What a request answered: the parsed body, status and headers. */
export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
  /** `X-Request-Id` of the answer. */
  requestId: string | undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class HttpClient {
  readonly baseUrl: string;
  readonly #apiKey: string;
  readonly #maxRetries: number;
  readonly #maxRetryDelay: number;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions = {}) {
    const env = typeof process !== "undefined" ? process.env : {};
    const apiKey = options.apiKey ?? env.CLEARMARGIN_API_KEY;
    if (!apiKey) throw new Error("Clearmargin: no apiKey given (option or CLEARMARGIN_API_KEY).");
    this.#apiKey = apiKey;
    this.baseUrl = (options.baseUrl ?? env.CLEARMARGIN_BASE_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
    this.#maxRetries = options.maxRetries ?? 2;
    this.#maxRetryDelay = options.maxRetryDelaySeconds ?? 60;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /**
   * One API call: `path` below the origin (`/api/invoices`), `query` already encoded. A POST
   * carries an `Idempotency-Key`; answers 429 and 503 are retried after `Retry-After` with the
   * same key; any other non-2xx throws a ClearmarginError.
   */
  async request<T>(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    init: { query?: string; body?: unknown; options?: RequestOptions } = {},
  ): Promise<ApiResponse<T>> {
    const { query, body, options = {} } = init;
    const url = this.baseUrl + path + (query ? `?${query}` : "");
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#apiKey}`,
      Accept: "application/json",
      "User-Agent": "clearmargin-typescript/0.1.0",
      ...options.headers,
    };
    if (options.requestId) headers["X-Request-Id"] = options.requestId;
    if (method === "POST") headers["Idempotency-Key"] = options.idempotencyKey ?? randomUUID();
    let payload: string | undefined;
    if (body !== undefined || method === "POST" || method === "PATCH") {
      payload = JSON.stringify(body ?? {});
      headers["Content-Type"] = "application/json";
    }
    const maxRetries = options.maxRetries ?? this.#maxRetries;
    for (let attempt = 0; ; attempt++) {
      const signal = options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(this.#timeoutMs)])
        : AbortSignal.timeout(this.#timeoutMs);
      let res: Response;
      try {
        res = await this.#fetch(url, { method, headers, body: payload, signal });
      } catch (e) {
        if (options.signal?.aborted) throw e;
        throw new ConnectionError(`${method} ${path}: ${(e as Error).message}`, { cause: e });
      }
      const text = await res.text();
      let data: unknown = undefined;
      if (text) {
        try {
          data = JSON.parse(text);
        } catch {
          data = text;
        }
      }
      if (res.ok) {
        return { data: data as T, status: res.status, headers: res.headers, requestId: res.headers.get("x-request-id") ?? undefined };
      }
      const error = ClearmarginError.of(res.status, data, res.headers);
      if ((res.status === 429 || res.status === 503) && attempt < maxRetries) {
        // Retry-After is whole seconds; without it back off 0.5 s, 1 s, 2 s, …
        const wait = error.retryAfter ?? 0.5 * 2 ** attempt;
        if (wait <= this.#maxRetryDelay) {
          await sleep(wait * 1000);
          continue;
        }
      }
      throw error;
    }
  }
}
