import type { HttpClient, RequestOptions } from "./http.js";
import { toQueryString, type CursorListParams, type GetParams, type ListParams, type Where } from "./query.js";
import type { CursorPage, Page, WriteAnswer } from "./types.js";

/** `depth` for the document in a write's answer. */
export interface WriteParams {
  depth?: number;
}

const enc = encodeURIComponent;

/** Read operations of a collection: list, iterate (every page), get, count. */
export class ReadableCollection<Doc extends { id?: string }> {
  constructor(
    protected readonly http: HttpClient,
    /** The collection's slug: `/api/<slug>`. */
    readonly slug: string,
  ) {}

  protected path(suffix = ""): string {
    return `/api/${this.slug}${suffix}`;
  }

  /** One page: `GET /api/<slug>?where…&sort…&limit…&page…`. */
  async list(params: ListParams<Doc> = {}, options?: RequestOptions): Promise<Page<Doc>> {
    return (await this.http.request<Page<Doc>>("GET", this.path(), { query: toQueryString(params), options })).data;
  }

  /**
   * Every matching document, page after page (`limit` per request, default 100), in the list's
   * order: `for await (const doc of client.invoices.iterate({ where }))`. Pages are read as you go.
   */
  async *iterate(params: Omit<ListParams<Doc>, "page"> = {}, options?: RequestOptions): AsyncGenerator<Doc, void, undefined> {
    let page = 1;
    for (;;) {
      const p = await this.list({ limit: 100, ...params, page }, options);
      yield* p.docs;
      if (!p.hasNextPage || p.docs.length === 0) return;
      page = p.nextPage ?? page + 1;
    }
  }

  /** Collects `iterate` into an array (mind the size). */
  async all(params: Omit<ListParams<Doc>, "page"> = {}, options?: RequestOptions): Promise<Doc[]> {
    const out: Doc[] = [];
    for await (const d of this.iterate(params, options)) out.push(d);
    return out;
  }

  async get(id: string, params: GetParams<Doc> = {}, options?: RequestOptions): Promise<Doc> {
    return (await this.http.request<Doc>("GET", this.path(`/${enc(id)}`), { query: toQueryString(params), options })).data;
  }

  /** `GET /api/<slug>/count`: how many documents match. */
  async count(where?: Where<Doc>, options?: RequestOptions): Promise<number> {
    const r = await this.http.request<{ totalDocs: number }>("GET", this.path("/count"), {
      query: toQueryString(where ? { where } : {}),
      options,
    });
    return r.data.totalDocs;
  }

  /** A POST action on a document (`/api/<slug>/:id/<action>`), returning the whole answer. */
  protected async action<A>(id: string | null, action: string, body: unknown, params: WriteParams = {}, options?: RequestOptions): Promise<A> {
    const path = id === null ? this.path(`/${action}`) : this.path(`/${enc(id)}/${action}`);
    return (await this.http.request<A>("POST", path, { query: toQueryString(params), body: body ?? {}, options })).data;
  }
}

/** A collection with create, update (PATCH, partial: `null` clears) and delete. */
export class Collection<Doc extends { id?: string }, Create, Update> extends ReadableCollection<Doc> {
  /** `POST /api/<slug>` → the created document. */
  async create(body: Create, params: WriteParams = {}, options?: RequestOptions): Promise<Doc> {
    return (await this.createAnswer(body, params, options)).doc;
  }

  /** As `create`, with the whole answer (`{doc, message}`, plus one-time secrets such as an API key's `key`). */
  async createAnswer<Extra = {}>(body: Create, params: WriteParams = {}, options?: RequestOptions): Promise<WriteAnswer<Doc, Extra>> {
    return (await this.http.request<WriteAnswer<Doc, Extra>>("POST", this.path(), { query: toQueryString(params), body, options })).data;
  }

  /** `PATCH /api/<slug>/:id` → the updated document. */
  async update(id: string, body: Update, params: WriteParams = {}, options?: RequestOptions): Promise<Doc> {
    const r = await this.http.request<WriteAnswer<Doc>>("PATCH", this.path(`/${enc(id)}`), { query: toQueryString(params), body, options });
    return r.data.doc;
  }

  /** `DELETE /api/<slug>/:id` → the deleted document (API keys: revoked). */
  async delete(id: string, params: WriteParams = {}, options?: RequestOptions): Promise<Doc> {
    const r = await this.http.request<WriteAnswer<Doc>>("DELETE", this.path(`/${enc(id)}`), { query: toQueryString(params), options });
    return r.data.doc;
  }
}

/**
 * A log collection (events, webhook-deliveries, audit-log): read by cursor as well as by page.
 * `iterate` pages by cursor (`startingAfter` the last id of each page), newest first, so
 * documents written meanwhile never shift or repeat a page.
 */
export class LogCollection<Doc extends { id?: string }> extends ReadableCollection<Doc> {
  /** One page by cursor: `startingAfter` (older) or `endingBefore` (newer) an id. */
  async listByCursor(params: Omit<CursorListParams<Doc>, "page" | "sort"> = {}, options?: RequestOptions): Promise<CursorPage<Doc>> {
    const r = await this.http.request<CursorPage<Doc> | Page<Doc>>("GET", this.path(), { query: toQueryString(params), options });
    const d = r.data;
    // The first page (no cursor) is an ordinary list: give it the cursor page's shape.
    return "hasMore" in d ? d : { docs: d.docs, hasMore: d.hasNextPage, limit: d.limit };
  }

  /** Every matching document from newest to oldest (or from `startingAfter`), by cursor. */
  override async *iterate(
    params: Omit<CursorListParams<Doc>, "page" | "sort" | "endingBefore"> = {},
    options?: RequestOptions,
  ): AsyncGenerator<Doc, void, undefined> {
    let cursor = params.startingAfter;
    for (;;) {
      const p = await this.listByCursor({ limit: 100, ...params, ...(cursor ? { startingAfter: cursor } : {}) }, options);
      yield* p.docs;
      const last = p.docs[p.docs.length - 1];
      if (!p.hasMore || !last?.id) return;
      cursor = last.id;
    }
  }
}
