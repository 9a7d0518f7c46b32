import { createHmac, timingSafeEqual } from "node:crypto";

/** A webhook delivery's body: `{id, event, timestamp, data}`. */
export interface WebhookEvent<D = Record<string, unknown>> {
  /** The event id (`evt_…`), the same on every retry: use it to drop duplicates. */
  id: string;
  /** The event name (`invoice_paid`, …, or `ping` from the test endpoint). */
  event: string;
  /** When the event happened (ISO-8601 UTC). */
  timestamp: string;
  data: D;
}

/** A delivery that is not authentic, not fresh or not well-formed. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

export type WebhookHeaders =
  | Headers
  | Record<string, string | string[] | undefined>;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() === want) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/**
 * Verifies a webhook delivery and returns its parsed event, or throws WebhookVerificationError.
 *
 * The signature is `X-Signature: sha256=<hex HMAC-SHA256(secret, "<X-Webhook-Timestamp>.<raw body>")>`,
 * compared in constant time; the timestamp (Unix seconds, the real time of the attempt) must be
 * within `toleranceSeconds` of now (replay protection; each retry is signed afresh).
 *
 * @param rawBody the body exactly as received (a Buffer/Uint8Array or the undecoded string), before any JSON parsing
 * @param headers the request's headers (a `Headers`, or node's `IncomingHttpHeaders`)
 * @param secret the webhook's signing secret (`whsec_…`)
 * @param toleranceSeconds how far the timestamp may be from now, default 300
 */
export function verifyWebhook<D = Record<string, unknown>>(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  toleranceSeconds = 300,
  now: number = Date.now() / 1000,
): WebhookEvent<D> {
  if (!secret) throw new WebhookVerificationError("No webhook secret given.");
  const timestamp = header(headers, "x-webhook-timestamp")?.trim();
  const signature = header(headers, "x-signature")?.trim();
  if (!timestamp || !/^\d+$/.test(timestamp)) {
    throw new WebhookVerificationError("Missing or malformed X-Webhook-Timestamp header.");
  }
  if (!signature || !signature.startsWith("sha256=")) {
    throw new WebhookVerificationError("Missing or malformed X-Signature header.");
  }
  if (Math.abs(now - Number(timestamp)) > toleranceSeconds) {
    throw new WebhookVerificationError(
      `X-Webhook-Timestamp ${timestamp} is more than ${toleranceSeconds} s from now (replayed or clock skew).`,
    );
  }
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  const expected = Buffer.from(
    "sha256=" + createHmac("sha256", secret).update(timestamp + ".", "ascii").update(body).digest("hex"),
    "ascii",
  );
  const given = Buffer.from(signature, "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new WebhookVerificationError("The signature does not match (wrong secret, or the body was altered).");
  }
  let event: unknown;
  try {
    event = JSON.parse(body.toString("utf8"));
  } catch {
    throw new WebhookVerificationError("The body is not JSON.");
  }
  if (!event || typeof event !== "object" || typeof (event as WebhookEvent).id !== "string" || typeof (event as WebhookEvent).event !== "string") {
    throw new WebhookVerificationError("The body is not a webhook event.");
  }
  const id = header(headers, "x-webhook-id");
  if (id !== undefined && id !== (event as WebhookEvent).id) {
    throw new WebhookVerificationError("X-Webhook-Id does not match the body's id.");
  }
  return event as WebhookEvent<D>;
}

/** Signs a body as the server does (for tests of your own endpoint). */
export function signWebhook(rawBody: string | Uint8Array, secret: string, timestamp: number = Math.floor(Date.now() / 1000)): Record<string, string> {
  const ts = String(Math.floor(timestamp));
  const sig = "sha256=" + createHmac("sha256", secret).update(ts + ".", "ascii").update(rawBody).digest("hex");
  return { "X-Webhook-Timestamp": ts, "X-Signature": sig };
}
