// Names for the generated types (src/generated/openapi.ts, from the server's /openapi.json).
// Taken from the operations by URL rather than from component names, so that renaming a schema
// in the document does not change the SDK's types: a document is what `GET /api/<r>/{id}`
// answers, a create body what `POST /api/<r>` takes, an update body what `PATCH` takes.
import type { paths } from "./generated/openapi.js";

type Json<T> = T extends { content: { "application/json": infer J } } ? J : never;
type DocOf<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;
type BodyOf<P extends keyof paths, M extends "post" | "patch"> = paths[P] extends { [K in M]: { requestBody?: infer B } } ? Json<NonNullable<B>> : never;

export type Client = DocOf<"/api/clients/{id}">;
export type ClientCreate = BodyOf<"/api/clients", "post">;
export type ClientUpdate = BodyOf<"/api/clients/{id}", "patch">;
export type Contact = DocOf<"/api/contacts/{id}">;
export type ContactCreate = BodyOf<"/api/contacts", "post">;
export type ContactUpdate = BodyOf<"/api/contacts/{id}", "patch">;
export type Project = DocOf<"/api/projects/{id}">;
export type ProjectCreate = BodyOf<"/api/projects", "post">;
export type ProjectUpdate = BodyOf<"/api/projects/{id}", "patch">;
export type Member = DocOf<"/api/members/{id}">;
export type MemberCreate = BodyOf<"/api/members", "post">;
export type MemberUpdate = BodyOf<"/api/members/{id}", "patch">;
export type TimeEntry = DocOf<"/api/time-entries/{id}">;
export type TimeEntryCreate = BodyOf<"/api/time-entries", "post">;
export type TimeEntryUpdate = BodyOf<"/api/time-entries/{id}", "patch">;
export type Transaction = DocOf<"/api/transactions/{id}">;
export type TransactionCreate = BodyOf<"/api/transactions", "post">;
export type TransactionUpdate = BodyOf<"/api/transactions/{id}", "patch">;
export type CatalogItem = DocOf<"/api/catalog-items/{id}">;
export type CatalogItemCreate = BodyOf<"/api/catalog-items", "post">;
export type CatalogItemUpdate = BodyOf<"/api/catalog-items/{id}", "patch">;
export type Milestone = DocOf<"/api/milestones/{id}">;
export type MilestoneCreate = BodyOf<"/api/milestones", "post">;
export type MilestoneUpdate = BodyOf<"/api/milestones/{id}", "patch">;
export type CalendarEvent = DocOf<"/api/calendar-events/{id}">;
export type CalendarEventCreate = BodyOf<"/api/calendar-events", "post">;
export type CalendarEventUpdate = BodyOf<"/api/calendar-events/{id}", "patch">;
export type Invoice = DocOf<"/api/invoices/{id}">;
export type InvoiceCreate = BodyOf<"/api/invoices", "post">;
export type InvoiceUpdate = BodyOf<"/api/invoices/{id}", "patch">;
export type Proposal = DocOf<"/api/proposals/{id}">;
export type ProposalCreate = BodyOf<"/api/proposals", "post">;
export type ProposalUpdate = BodyOf<"/api/proposals/{id}", "patch">;
export type Payment = DocOf<"/api/payments/{id}">;
export type Receipt = DocOf<"/api/receipts/{id}">;
export type PaymentSchedule = DocOf<"/api/payment-schedules/{id}">;
export type Webhook = DocOf<"/api/webhooks/{id}">;
export type WebhookCreate = BodyOf<"/api/webhooks", "post">;
export type WebhookUpdate = BodyOf<"/api/webhooks/{id}", "patch">;
export type WebhookDelivery = DocOf<"/api/webhook-deliveries/{id}">;
export type Event = DocOf<"/api/events/{id}">;
export type AuditEntry = DocOf<"/api/audit-log/{id}">;
export type ApiKey = DocOf<"/api/api-keys/{id}">;
export type ApiKeyCreate = BodyOf<"/api/api-keys", "post">;
export type ApiKeyUpdate = BodyOf<"/api/api-keys/{id}", "patch">;
export type Organization = DocOf<"/api/organization">;

/**
 * A page of a list: Payload's wrapper. `totalDocs`/`totalPages` are null with `count: "none"`, and the
 * planner's estimate (`totalDocsEstimated: true`) with `count: "estimate"`.
 */
export interface Page<Doc> {
  docs: Doc[];
  totalDocs: number | null;
  totalDocsEstimated?: boolean;
  limit: number;
  totalPages: number | null;
  page: number;
  pagingCounter: number;
  hasPrevPage: boolean;
  hasNextPage: boolean;
  prevPage: number | null;
  nextPage: number | null;
}

/** A page of a log collection read by cursor (`startingAfter` / `endingBefore`). */
export interface CursorPage<Doc> {
  docs: Doc[];
  hasMore: boolean;
  limit: number;
}

/** The answer of a write or an action: `{doc, message}` (some actions add related documents). */
export type WriteAnswer<Doc, Extra = {}> = { doc: Doc; message: string } & Extra;

// Request bodies of the actions (docs/api.md §4).

export interface PaymentCreate {
  /** Default: the invoice's amount due. */
  amount?: number;
  method: "card" | "bank_transfer" | "check" | "cash" | "other";
  /** Default `succeeded`; `failed` records a failed attempt and changes nothing else. */
  status?: "succeeded" | "failed";
  paidAt?: string;
  reference?: string;
  card?: { brand?: string; last4?: string };
  failureReason?: string;
}

export interface InvoiceGenerate {
  /** Projects of one client. */
  projects: string[];
  /** First day of the period, `YYYY-MM-DD`. */
  from: string;
  /** Last day of the period, `YYYY-MM-DD`. */
  to: string;
  laborDisplay?: "itemized" | "consolidated";
}

export interface RefundCreate {
  /** Default: everything still refundable. */
  amount?: number;
  reason?: string;
}

export interface ProfitabilityParams {
  groupBy: "client" | "project";
  /** `YYYY-MM-DD` */
  from: string;
  /** `YYYY-MM-DD` */
  to: string;
}
