// Names for the generated types (src/generated/openapi.ts, from the server's /openapi.json).
import type { components, paths } from "./generated/openapi.js";

type S = components["schemas"];

export type Client = S["Client"];
export type ClientCreate = S["ClientCreate"];
export type ClientUpdate = S["ClientUpdate"];
export type Contact = S["Contact"];
export type ContactCreate = S["ContactCreate"];
export type ContactUpdate = S["ContactUpdate"];
export type Project = S["Project"];
export type ProjectCreate = S["ProjectCreate"];
export type ProjectUpdate = S["ProjectUpdate"];
export type Member = S["Member"];
export type MemberCreate = S["MemberCreate"];
export type MemberUpdate = S["MemberUpdate"];
export type TimeEntry = S["TimeEntry"];
export type TimeEntryCreate = S["TimeEntryCreate"];
export type TimeEntryUpdate = S["TimeEntryUpdate"];
export type Transaction = S["Transaction"];
export type TransactionCreate = S["TransactionCreate"];
export type TransactionUpdate = S["TransactionUpdate"];
export type CatalogItem = S["CatalogItem"];
export type CatalogItemCreate = S["CatalogItemCreate"];
export type CatalogItemUpdate = S["CatalogItemUpdate"];
export type Milestone = S["Milestone"];
export type MilestoneCreate = S["MilestoneCreate"];
export type MilestoneUpdate = S["MilestoneUpdate"];
export type CalendarEvent = S["CalendarEvent"];
export type CalendarEventCreate = S["CalendarEventCreate"];
export type CalendarEventUpdate = S["CalendarEventUpdate"];
export type Invoice = S["Invoice"];
export type InvoiceCreate = S["InvoiceCreate"];
export type InvoiceUpdate = S["InvoiceUpdate"];
export type Proposal = S["Proposal"];
export type ProposalCreate = S["ProposalCreate"];
export type ProposalUpdate = S["ProposalUpdate"];
export type Payment = S["Payment"];
export type Receipt = S["Receipt"];
export type PaymentSchedule = S["PaymentSchedule"];
export type Webhook = S["Webhook"];
export type WebhookCreate = S["WebhookCreate"];
export type WebhookUpdate = S["WebhookUpdate"];
export type WebhookDelivery = S["WebhookDelivery"];
export type Event = S["Event"];
export type AuditEntry = S["AuditEntry"];
export type ApiKey = S["APIKey"];
export type ApiKeyCreate = S["APIKeyCreate"];
export type ApiKeyUpdate = S["APIKeyUpdate"];
export type ErrorBody = S["Error"];
export type Organization = paths["/api/organization"]["get"]["responses"][200]["content"]["application/json"];

/** A page of a list: Payload's wrapper. */
export interface Page<Doc> {
  docs: Doc[];
  totalDocs: number;
  limit: number;
  totalPages: number;
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
