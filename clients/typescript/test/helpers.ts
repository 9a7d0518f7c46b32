import { createServer, type IncomingHttpHeaders } from "node:http";
import { randomBytes } from "node:crypto";
import { Clearmargin, type ClientOptions } from "../src/index.js";

export const BASE_URL = process.env.CLEARMARGIN_BASE_URL ?? "";
export const API_KEY = process.env.CLEARMARGIN_API_KEY ?? "";
if (!BASE_URL || !API_KEY) {
  throw new Error("Run the tests against a server: test/run-against-jar.sh npm test (sets CLEARMARGIN_BASE_URL and CLEARMARGIN_API_KEY)");
}

export function client(options: ClientOptions = {}): Clearmargin {
  return new Clearmargin({ apiKey: API_KEY, baseUrl: BASE_URL, ...options });
}

/** A tag unique to this run, to find the documents a test made. */
export function tag(prefix = "t"): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  status: number;
}

/** A fetch that records every request and its answer's status. */
export function recordingFetch(): { fetch: typeof fetch; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    calls.push({
      method: init?.method ?? "GET",
      url: String(input),
      headers: Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])),
      status: res.status,
    });
    return res;
  };
  return { fetch: f, calls };
}

export interface Delivery {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
}

/** A local endpoint that records webhook deliveries and answers 200. */
export async function webhookReceiver(): Promise<{
  url: string;
  deliveries: Delivery[];
  waitFor(pred: (d: Delivery) => boolean, timeoutMs?: number): Promise<Delivery>;
  close(): Promise<void>;
}> {
  const deliveries: Delivery[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      deliveries.push({ rawBody: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/clearmargin`,
    deliveries,
    async waitFor(pred, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const d = deliveries.find(pred);
        if (d) return d;
        if (Date.now() > deadline) throw new Error("no matching webhook delivery arrived");
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 500);
        });
      }
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A client with a contact, a project, a member and 3 h of time: ready for `invoices.generate`. */
export async function billableProject(cm: Clearmargin, name: string) {
  const c = await cm.clients.create({ name });
  await cm.contacts.create({ client: c.id!, name: "Jane Smith", email: "jane@example.com" });
  const project = await cm.projects.create({ client: c.id!, name: `${name} website` });
  const member = await cm.members.create({ name: "Bob", email: `${tag("bob")}@example.com`, rates: { standard: 120 } });
  await cm.timeEntries.create({ project: project.id!, member: member.id!, date: "2026-11-02", hours: 3, description: "Design" });
  return { client: c, project, member };
}
