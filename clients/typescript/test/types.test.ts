// Compile-time checks that every exported document and body type resolved from the generated
// document (a path or status renamed there would turn one into `never`), plus one runtime check.
import { test } from "node:test";
import assert from "node:assert/strict";
import type * as T from "../src/index.js";

type Resolved<X> = [X] extends [never] ? false : unknown extends X ? false : true;
const resolved: { [K in keyof Types]: Resolved<Types[K]> } = {
  Client: true, ClientCreate: true, ClientUpdate: true, Contact: true, ContactCreate: true, ContactUpdate: true,
  Project: true, ProjectCreate: true, ProjectUpdate: true, Member: true, MemberCreate: true, MemberUpdate: true,
  TimeEntry: true, TimeEntryCreate: true, TimeEntryUpdate: true, Transaction: true, TransactionCreate: true, TransactionUpdate: true,
  CatalogItem: true, CatalogItemCreate: true, CatalogItemUpdate: true, Milestone: true, MilestoneCreate: true, MilestoneUpdate: true,
  CalendarEvent: true, CalendarEventCreate: true, CalendarEventUpdate: true, Invoice: true, InvoiceCreate: true, InvoiceUpdate: true,
  Proposal: true, ProposalCreate: true, ProposalUpdate: true, Payment: true, Receipt: true, PaymentSchedule: true,
  Webhook: true, WebhookCreate: true, WebhookUpdate: true, WebhookDelivery: true, Event: true, AuditEntry: true,
  ApiKey: true, ApiKeyCreate: true, ApiKeyUpdate: true, Organization: true,
};
interface Types {
  Client: T.Client; ClientCreate: T.ClientCreate; ClientUpdate: T.ClientUpdate;
  Contact: T.Contact; ContactCreate: T.ContactCreate; ContactUpdate: T.ContactUpdate;
  Project: T.Project; ProjectCreate: T.ProjectCreate; ProjectUpdate: T.ProjectUpdate;
  Member: T.Member; MemberCreate: T.MemberCreate; MemberUpdate: T.MemberUpdate;
  TimeEntry: T.TimeEntry; TimeEntryCreate: T.TimeEntryCreate; TimeEntryUpdate: T.TimeEntryUpdate;
  Transaction: T.Transaction; TransactionCreate: T.TransactionCreate; TransactionUpdate: T.TransactionUpdate;
  CatalogItem: T.CatalogItem; CatalogItemCreate: T.CatalogItemCreate; CatalogItemUpdate: T.CatalogItemUpdate;
  Milestone: T.Milestone; MilestoneCreate: T.MilestoneCreate; MilestoneUpdate: T.MilestoneUpdate;
  CalendarEvent: T.CalendarEvent; CalendarEventCreate: T.CalendarEventCreate; CalendarEventUpdate: T.CalendarEventUpdate;
  Invoice: T.Invoice; InvoiceCreate: T.InvoiceCreate; InvoiceUpdate: T.InvoiceUpdate;
  Proposal: T.Proposal; ProposalCreate: T.ProposalCreate; ProposalUpdate: T.ProposalUpdate;
  Payment: T.Payment; Receipt: T.Receipt; PaymentSchedule: T.PaymentSchedule;
  Webhook: T.Webhook; WebhookCreate: T.WebhookCreate; WebhookUpdate: T.WebhookUpdate; WebhookDelivery: T.WebhookDelivery;
  Event: T.Event; AuditEntry: T.AuditEntry; ApiKey: T.ApiKey; ApiKeyCreate: T.ApiKeyCreate; ApiKeyUpdate: T.ApiKeyUpdate;
  Organization: T.Organization;
}

test("every document and body type resolved from the generated document", () => {
  assert.ok(Object.values(resolved).every((v) => v === true));
});
