export { Clearmargin } from "./client.js";
export type { ClientOptions, RequestOptions, ApiResponse } from "./http.js";
export { HttpClient } from "./http.js";
export {
  ClearmarginError,
  InvalidRequestError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  ServerError,
  ConnectionError,
  type ApiErrorItem,
  type FieldError,
} from "./errors.js";
export { verifyWebhook, signWebhook, WebhookVerificationError, type WebhookEvent, type WebhookHeaders } from "./webhooks.js";
export {
  toQueryString,
  whereToQuery,
  and,
  or,
  type Where,
  type Condition,
  type Operator,
  type Sort,
  type Select,
  type ListParams,
  type CursorListParams,
  type GetParams,
} from "./query.js";
export { Collection, ReadableCollection, LogCollection, type WriteParams } from "./resources.js";
export type * from "./types.js";
export type { components, paths } from "./generated/openapi.js";
