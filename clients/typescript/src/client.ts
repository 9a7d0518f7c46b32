import { HttpClient, type ClientOptions, type RequestOptions } from "./http.js";
import { toQueryString } from "./query.js";
import { Collection, LogCollection, ReadableCollection, type WriteParams } from "./resources.js";
import type * as T from "./types.js";

class Invoices extends Collection<T.Invoice, T.InvoiceCreate, T.InvoiceUpdate> {
  /** `POST /api/invoices/:id/send` (draft or sent → sent; e-mails the contact; `invoice_sent`). */
  async send(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Invoice> {
    return (await this.action<T.WriteAnswer<T.Invoice>>(id, "send", {}, params, options)).doc;
  }
  /** `POST /api/invoices/:id/void` (no payments yet). */
  async void(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Invoice> {
    return (await this.action<T.WriteAnswer<T.Invoice>>(id, "void", {}, params, options)).doc;
  }
  /** `POST /api/invoices/:id/payments`: records a payment; the answer's `doc` is the payment, `invoice` the updated invoice. */
  async pay(id: string, body: T.PaymentCreate, params?: WriteParams, options?: RequestOptions): Promise<T.WriteAnswer<T.Payment, { invoice: T.Invoice }>> {
    return this.action(id, "payments", body, params, options);
  }
  /** `POST /api/invoices/generate`: a draft invoice from the unbilled time and billable expenses of projects in a period. */
  async generate(body: T.InvoiceGenerate, params?: WriteParams, options?: RequestOptions): Promise<T.Invoice> {
    return (await this.action<T.WriteAnswer<T.Invoice>>(null, "generate", body, params, options)).doc;
  }
  /** `POST /api/invoices/:id/rotate-link`: a new private link (the old one stops working). */
  async rotateLink(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Invoice> {
    return (await this.action<T.WriteAnswer<T.Invoice>>(id, "rotate-link", {}, params, options)).doc;
  }
}

class Payments extends ReadableCollection<T.Payment> {
  /** `POST /api/payments/:id/refund` (default: all that is refundable). */
  async refund(id: string, body: T.RefundCreate = {}, params?: WriteParams, options?: RequestOptions): Promise<T.WriteAnswer<T.Payment, { invoice?: T.Invoice }>> {
    return this.action(id, "refund", body, params, options);
  }
  /** `POST /api/payments/:id/dispute`. */
  async dispute(id: string, body: { reason?: string } = {}, params?: WriteParams, options?: RequestOptions): Promise<T.WriteAnswer<T.Payment, { invoice?: T.Invoice }>> {
    return this.action(id, "dispute", body, params, options);
  }
}

class Receipts extends ReadableCollection<T.Receipt> {
  async send(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Receipt> {
    return (await this.action<T.WriteAnswer<T.Receipt>>(id, "send", {}, params, options)).doc;
  }
  async rotateLink(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Receipt> {
    return (await this.action<T.WriteAnswer<T.Receipt>>(id, "rotate-link", {}, params, options)).doc;
  }
}

class Proposals extends Collection<T.Proposal, T.ProposalCreate, T.ProposalUpdate> {
  async send(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Proposal> {
    return (await this.action<T.WriteAnswer<T.Proposal>>(id, "send", {}, params, options)).doc;
  }
  async accept(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Proposal> {
    return (await this.action<T.WriteAnswer<T.Proposal>>(id, "accept", {}, params, options)).doc;
  }
  async reject(id: string, body: { reason?: string } = {}, params?: WriteParams, options?: RequestOptions): Promise<T.Proposal> {
    return (await this.action<T.WriteAnswer<T.Proposal>>(id, "reject", body, params, options)).doc;
  }
  /** `POST /api/proposals/:id/convert`: the answer's `doc` is the new project. */
  async convert(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.WriteAnswer<T.Project>> {
    return this.action(id, "convert", {}, params, options);
  }
  /** `POST /api/proposals/:id/duplicate`: the new draft proposal. */
  async duplicate(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Proposal> {
    return (await this.action<T.WriteAnswer<T.Proposal>>(id, "duplicate", {}, params, options)).doc;
  }
  async rotateLink(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Proposal> {
    return (await this.action<T.WriteAnswer<T.Proposal>>(id, "rotate-link", {}, params, options)).doc;
  }
}

class Webhooks extends Collection<T.Webhook, T.WebhookCreate, T.WebhookUpdate> {
  /** Creates an endpoint; the answer's `doc.secret` is its signing secret, shown this once. */
  override async create(body: T.WebhookCreate, params?: WriteParams, options?: RequestOptions): Promise<T.Webhook & { secret: string }> {
    return (await this.createAnswer(body, params, options)).doc as T.Webhook & { secret: string };
  }
  /** A new signing secret (`doc.secret`, shown this once). */
  async rotateSecret(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.Webhook & { secret: string }> {
    return (await this.action<T.WriteAnswer<T.Webhook & { secret: string }>>(id, "rotate-secret", {}, params, options)).doc;
  }
  /** Sends a signed `ping` to this endpoint now and answers with the recorded delivery. */
  async test(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.WebhookDelivery> {
    return (await this.action<T.WriteAnswer<T.WebhookDelivery>>(id, "test", {}, params, options)).doc;
  }
  /** Queues every failed delivery of this endpoint since an instant. */
  async redeliverFailed(id: string, body: { since: string }, params?: WriteParams, options?: RequestOptions): Promise<T.WriteAnswer<unknown>> {
    return this.action(id, "redeliver-failed", body, params, options);
  }
}

class WebhookDeliveries extends LogCollection<T.WebhookDelivery> {
  async redeliver(id: string, params?: WriteParams, options?: RequestOptions): Promise<T.WebhookDelivery> {
    return (await this.action<T.WriteAnswer<T.WebhookDelivery>>(id, "redeliver", {}, params, options)).doc;
  }
}

class ApiKeys extends Collection<T.ApiKey, T.ApiKeyCreate, T.ApiKeyUpdate> {
  /** Creates a key; `key` (the secret `sk_…`) is in this answer only. */
  override async create(body: T.ApiKeyCreate, params?: WriteParams, options?: RequestOptions): Promise<T.ApiKey & { key: string }> {
    const a = await this.createAnswer<{ key?: string }>(body, params, options);
    const key = a.key ?? (a.doc as { key?: string }).key;
    return { ...a.doc, key: key as string };
  }
}

/**
 * The Clearmargin API.
 *
 * ```ts
 * const cm = new Clearmargin({ apiKey: process.env.CLEARMARGIN_API_KEY, baseUrl: "https://api.example.com" });
 * const client = await cm.clients.create({ name: "Acme Corp" });
 * for await (const inv of cm.invoices.iterate({ where: { status: { equals: "sent" } } })) console.log(inv.number);
 * ```
 */
export class Clearmargin {
  readonly http: HttpClient;
  readonly clients: Collection<T.Client, T.ClientCreate, T.ClientUpdate>;
  readonly contacts: Collection<T.Contact, T.ContactCreate, T.ContactUpdate>;
  readonly projects: Collection<T.Project, T.ProjectCreate, T.ProjectUpdate>;
  readonly members: Collection<T.Member, T.MemberCreate, T.MemberUpdate>;
  readonly timeEntries: Collection<T.TimeEntry, T.TimeEntryCreate, T.TimeEntryUpdate>;
  readonly transactions: Collection<T.Transaction, T.TransactionCreate, T.TransactionUpdate>;
  readonly catalogItems: Collection<T.CatalogItem, T.CatalogItemCreate, T.CatalogItemUpdate>;
  readonly milestones: Collection<T.Milestone, T.MilestoneCreate, T.MilestoneUpdate>;
  readonly calendarEvents: Collection<T.CalendarEvent, T.CalendarEventCreate, T.CalendarEventUpdate>;
  readonly invoices: Invoices;
  readonly proposals: Proposals;
  readonly payments: Payments;
  readonly receipts: Receipts;
  readonly paymentSchedules: ReadableCollection<T.PaymentSchedule>;
  readonly webhooks: Webhooks;
  readonly webhookDeliveries: WebhookDeliveries;
  readonly events: LogCollection<T.Event>;
  readonly auditLog: LogCollection<T.AuditEntry>;
  readonly apiKeys: ApiKeys;
  readonly organization: {
    get(options?: RequestOptions): Promise<T.Organization>;
    update(body: Partial<T.Organization>, options?: RequestOptions): Promise<T.Organization>;
  };
  readonly reports: {
    profitability(params: T.ProfitabilityParams, options?: RequestOptions): Promise<Record<string, unknown>>;
  };
  /** Only on a server started with CLEARMARGIN_TESTING=true, with a `full_access` key. */
  readonly testing: {
    /** Sets (an instant) or resets (null) the server's test clock. */
    setClock(now: string | Date | null, options?: RequestOptions): Promise<Record<string, unknown>>;
    /** Runs the time sweeps and attempts due webhook deliveries; returns when done. */
    runJobs(options?: RequestOptions): Promise<Record<string, unknown>>;
  };

  constructor(options: ClientOptions = {}) {
    const http = (this.http = new HttpClient(options));
    this.clients = new Collection(http, "clients");
    this.contacts = new Collection(http, "contacts");
    this.projects = new Collection(http, "projects");
    this.members = new Collection(http, "members");
    this.timeEntries = new Collection(http, "time-entries");
    this.transactions = new Collection(http, "transactions");
    this.catalogItems = new Collection(http, "catalog-items");
    this.milestones = new Collection(http, "milestones");
    this.calendarEvents = new Collection(http, "calendar-events");
    this.invoices = new Invoices(http, "invoices");
    this.proposals = new Proposals(http, "proposals");
    this.payments = new Payments(http, "payments");
    this.receipts = new Receipts(http, "receipts");
    this.paymentSchedules = new ReadableCollection(http, "payment-schedules");
    this.webhooks = new Webhooks(http, "webhooks");
    this.webhookDeliveries = new WebhookDeliveries(http, "webhook-deliveries");
    this.events = new LogCollection(http, "events");
    this.auditLog = new LogCollection(http, "audit-log");
    this.apiKeys = new ApiKeys(http, "api-keys");
    this.organization = {
      get: async (options) => (await http.request<T.Organization>("GET", "/api/organization", { options })).data,
      update: async (body, options) => {
        const d = (await http.request<T.Organization | { doc: T.Organization }>("PATCH", "/api/organization", { body, options })).data;
        return d && typeof d === "object" && "doc" in d ? d.doc : (d as T.Organization);
      },
    };
    this.reports = {
      profitability: async (params, options) =>
        (await http.request<Record<string, unknown>>("GET", "/api/reports/profitability", {
          query: toQueryString(params),
          options,
        })).data,
    };
    this.testing = {
      setClock: async (now, options) =>
        (await http.request<Record<string, unknown>>("POST", "/api/testing/clock", {
          body: { now: now instanceof Date ? now.toISOString() : now },
          options,
        })).data,
      runJobs: async (options) => (await http.request<Record<string, unknown>>("POST", "/api/testing/run-jobs", { body: {}, options })).data,
    };
  }
}
