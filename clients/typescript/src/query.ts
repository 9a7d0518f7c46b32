// Query parameters in Payload's bracket syntax, encoded exactly as `qs.stringify(params,
// { encodeValuesOnly: true })` would: `where[status][equals]=sent`, `where[or][0][name][like]=acme`,
// `where[status][in][0]=sent&where[status][in][1]=paid`, `select[name]=true`.

/** Every filter operator the server knows. Which ones apply depends on the field's type. */
export type Operator =
  | "equals"
  | "not_equals"
  | "greater_than"
  | "greater_than_equal"
  | "less_than"
  | "less_than_equal"
  | "like"
  | "contains"
  | "in"
  | "not_in"
  | "exists";

/** A single value in a filter; dates become ISO-8601 instants. */
export type Scalar = string | number | boolean | Date;

/** The operators for one field: `{ equals: "sent" }`, `{ in: ["sent", "paid"] }`, `{ exists: false }`. */
export type Condition<V = Scalar> = {
  equals?: V;
  not_equals?: V;
  greater_than?: Scalar;
  greater_than_equal?: Scalar;
  less_than?: Scalar;
  less_than_equal?: Scalar;
  like?: string;
  contains?: Scalar;
  in?: readonly V[];
  not_in?: readonly V[];
  exists?: boolean;
};

/**
 * The value type of a document field as a filter sees it: a choice field's values, a number, a
 * boolean, text or a date (a `Date` is sent as an instant); a relationship (one or many) its id.
 */
type FilterValue<T> = T extends string
  ? string extends T
    ? string | Date
    : T
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : string;

/** Top-level fields of a document, with their filterable value types. */
type FieldConditions<Doc> = {
  [K in keyof Doc & string]?: Condition<FilterValue<NonNullable<Doc[K]>>>;
};

/**
 * A typed filter for documents of type `Doc`: field names are checked (plus any dotted path
 * such as `client.name` or `address.city`), several fields are ANDed, `and`/`or` nest.
 *
 * ```ts
 * const w: Where<Invoice> = { status: { in: ["sent", "overdue"] }, or: [{ total: { greater_than: 1000 } }, { "client.name": { like: "acme" } }] };
 * ```
 */
export type Where<Doc = Record<string, unknown>> = FieldConditions<Doc> & {
  and?: Where<Doc>[];
  or?: Where<Doc>[];
} & { [path: `${string}.${string}`]: Condition | undefined };

/** `where({...})`: returns its argument, typed; reads well in call sites. */
export function and<Doc>(...conditions: Where<Doc>[]): Where<Doc> {
  return { and: conditions } as Where<Doc>;
}

export function or<Doc>(...conditions: Where<Doc>[]): Where<Doc> {
  return { or: conditions } as Where<Doc>;
}

/** Sort keys: a field, `-field` for descending; several are applied in order. */
export type Sort<Doc = Record<string, unknown>> =
  | SortKey<Doc>
  | readonly SortKey<Doc>[];
type SortKey<Doc> = (keyof Doc & string) | `-${keyof Doc & string}` | `${string}.${string}` | `-${string}.${string}`;

/** `select`: the fields to return (`["name", "status"]`) or a Payload select object (`{ notes: false }`). */
export type Select<Doc = Record<string, unknown>> =
  | readonly (keyof Doc & string)[]
  | { [K in keyof Doc & string]?: boolean };

/** Parameters of a list request. */
export interface ListParams<Doc = Record<string, unknown>> {
  where?: Where<Doc>;
  sort?: Sort<Doc>;
  select?: Select<Doc>;
  /** 0–3, default 1: how far relationships are populated. */
  depth?: number;
  /** 1–100, default 10. */
  limit?: number;
  /** 1-based page number. */
  page?: number;
  /** How `totalDocs` is counted: `exact` (default), the planner's `estimate`, or `none` (null). */
  count?: "exact" | "estimate" | "none";
}

/** Parameters of a list on a log collection (events, webhook-deliveries, audit-log). */
export interface CursorListParams<Doc = Record<string, unknown>> extends ListParams<Doc> {
  /** The documents older than this id (the next page). */
  startingAfter?: string;
  /** The documents newer than this id (the previous page). */
  endingBefore?: string;
}

/** Parameters of a get. */
export interface GetParams<Doc = Record<string, unknown>> {
  select?: Select<Doc>;
  depth?: number;
}

function encodeValue(v: unknown): string {
  if (v instanceof Date) return encodeURIComponent(v.toISOString());
  return encodeURIComponent(String(v));
}

// Brackets stay raw (the server accepts raw and percent-encoded ones); each key segment is encoded.
function flatten(prefix: string, value: unknown, out: string[]): void {
  if (value === undefined) return;
  if (value === null) {
    out.push(`${prefix}=`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(`${prefix}[${i}]`, v, out));
    return;
  }
  if (typeof value === "object" && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(`${prefix}[${encodeURIComponent(k)}]`, v, out);
    }
    return;
  }
  out.push(`${prefix}=${encodeValue(value)}`);
}

/** The `where[...]` part of a query string, as `qs` writes it (without a leading `?`). */
export function whereToQuery(where: Where<any>): string {
  const out: string[] = [];
  flatten("where", where, out);
  return out.join("&");
}

/** Builds the query string (without `?`) of a list or get request. */
export function toQueryString(params: object = {}): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    switch (key) {
      case "where":
        flatten("where", value, out);
        break;
      case "sort":
        out.push(`sort=${encodeValue(Array.isArray(value) ? value.join(",") : value)}`);
        break;
      case "select":
        if (Array.isArray(value)) {
          for (const f of value) out.push(`select[${encodeURIComponent(String(f))}]=true`);
        } else {
          flatten("select", value, out);
        }
        break;
      default:
        flatten(encodeURIComponent(key), value, out);
    }
  }
  return out.join("&");
}
