package app.clearmargin.demo;

import app.clearmargin.collections.ActionResult;
import app.clearmargin.collections.Actor;
import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.mail.Mailer;
import app.clearmargin.tenancy.Organization;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Six months of an agency's life replayed through the domain code. Steps are scheduled at instants
 * in the past and run in time order, each write with a {@link WriteContext} whose clock reads that
 * instant: documents get believable {@code createdAt}, {@code sentAt} and {@code paidAt}, numbers
 * follow creation order, and every derived value (rates, totals, statuses, receipts, revenue
 * postings, schedules) comes from the same hooks and actions an API request would run.
 */
final class DemoTimeline {

    /** Who the audit log says made the demo's writes. */
    static final Actor ACTOR = new Actor(null, "demo data");

    private record Step(Instant at, long order, Runnable work) {}

    private final Organization organization;
    private final Registry registry;
    private final Documents documents;
    private final JsonMapper json;
    private final Instant now;
    private final PriorityQueue<Step> steps =
            new PriorityQueue<>(Comparator.comparing(Step::at).thenComparingLong(Step::order));
    private long scheduled;
    private Instant current;

    DemoTimeline(Organization organization, Registry registry, Documents documents, JsonMapper json, Instant now) {
        this.organization = organization;
        this.registry = registry;
        this.documents = documents;
        this.json = json;
        this.now = now;
        this.current = Instant.EPOCH;
    }

    Instant now() {
        return now;
    }

    LocalDate today() {
        return organization.today(now);
    }

    /** {@code date} at {@code hour:minute} in the organization's timezone. */
    Instant at(LocalDate date, int hour, int minute) {
        return date.atTime(LocalTime.of(hour, minute))
                .atZone(organization.timezone())
                .toInstant();
    }

    /**
     * Runs {@code work} at {@code when}. A step in the future does not happen (the demo stops at
     * now); one scheduled before the step scheduling it runs right after it.
     */
    void schedule(Instant when, Runnable work) {
        if (when.isAfter(now)) {
            return;
        }
        steps.add(new Step(when.isBefore(current) ? current : when, scheduled++, work));
    }

    /** Runs every step in time order, including the steps that steps schedule. */
    /**
     * Runs the steps in time order. The history mails nobody: its sends happened "months ago" to
     * fictional contacts, and the ~550 e-mails with their PDFs cost the demo's start a core (see
     * {@link Mailer#withoutMail}).
     */
    void run() {
        Mailer.withoutMail(() -> {
            while (!steps.isEmpty()) {
                Step step = steps.poll();
                current = step.at();
                step.work().run();
            }
        });
    }

    /** The instant the running step happens at. */
    Instant current() {
        return current;
    }

    LocalDate currentDate() {
        return organization.today(current);
    }

    private WriteContext context() {
        return new WriteContext(organization, ACTOR, "demo-data", current);
    }

    // ------------------------------------------------------------------ writes, as the API makes them

    /** Creates a document from a body, validated like a POST. */
    Doc create(String slug, Map<String, ?> body) {
        return documents.create(registry.get(slug), body(body), context());
    }

    /**
     * Creates a document from values known to be valid: the collection's defaults and hooks run as on
     * a POST (rates stamped, amounts computed, audit entry written), only the body checks are skipped.
     * For the demo's hundreds of time entries, where those checks would double the first start.
     */
    Doc insert(String slug, Map<String, Object> values) {
        return documents.insertInternal(registry.get(slug), new Doc(new LinkedHashMap<>(values)), context(), true);
    }

    /** Changes a document from a partial body, validated like a PATCH. */
    Doc update(String slug, String id, Map<String, ?> body) {
        return documents.update(registry.get(slug), id, body(body), context());
    }

    /** Runs a document action ({@code /invoices/:id/send}) on the locked document. */
    ActionResult act(String slug, String id, String action, Map<String, ?> body) {
        Collection c = registry.get(slug);
        return documents.act(c, action, documents.lock(c, id), body(body), context());
    }

    /** Runs a collection action ({@code /invoices/generate}). */
    ActionResult actOnCollection(String slug, String action, Map<String, ?> body) {
        return documents.act(registry.get(slug), action, null, body(body), context());
    }

    /** A write context at the running step's instant, for domain services called directly (the time sweeps' work). */
    WriteContext sweepContext() {
        return new WriteContext(organization, ACTOR, "demo-sweep", current);
    }

    private ObjectNode body(Map<String, ?> values) {
        return (ObjectNode) json.valueToTree(values);
    }

    /** A body from pairs, leaving out null values: {@code fields("name", "Acme", "email", null)}. */
    static Map<String, Object> fields(@Nullable Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                out.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return out;
    }
}
