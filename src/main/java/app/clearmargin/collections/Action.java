package app.clearmargin.collections;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A named POST on a document ({@code /invoices/:id/send}) or on the collection ({@code /invoices/generate}),
 * as its definition declares it: what the controller routes and OpenAPI documents. Its handler is
 * bound by slug and name ({@link ActionHandlers}); the rest describes what the handler accepts and
 * answers, for the API reference only (the handler's own validation is the authority).
 *
 * @param scopeResource the resource whose {@code :write} scope the action needs
 * @param summary the reference's one line ("Send an invoice"); null derives one from the name
 * @param body the fields the handler validates its body with (empty: no body)
 * @param bodyFrom another collection's create fields as the body, less {@link #bodyWithout} (payments)
 * @param answers the collection of the answered {@code doc} (null: this collection)
 * @param created whether the action answers 201 with a document it created
 * @param related top-level documents beside {@code doc}, by key, of the collections given
 * @param counts top-level integers beside {@code doc} ({@code queued})
 * @param shown keys added to {@code doc} in this answer only (a secret shown once)
 * @param refusals statuses beyond the common errors the action may answer, with their meaning (402)
 */
public record Action(
        String name,
        String scopeResource,
        @Nullable String summary,
        List<Field> body,
        @Nullable String bodyFrom,
        List<String> bodyWithout,
        @Nullable String answers,
        boolean created,
        Map<String, String> related,
        List<String> counts,
        List<String> shown,
        Map<Integer, String> refusals) {

    public Action {
        body = List.copyOf(body);
        bodyWithout = List.copyOf(bodyWithout);
        related = Map.copyOf(related);
        counts = List.copyOf(counts);
        shown = List.copyOf(shown);
        refusals = Map.copyOf(refusals);
    }

    public Action(String name, String scopeResource) {
        this(
                name,
                scopeResource,
                null,
                List.of(),
                null,
                List.of(),
                null,
                false,
                Map.of(),
                List.of(),
                List.of(),
                Map.of());
    }

    public static Action named(String name, String scopeResource) {
        return new Action(name, scopeResource);
    }

    public Action summarized(String text) {
        return new Action(
                name,
                scopeResource,
                text,
                body,
                bodyFrom,
                bodyWithout,
                answers,
                created,
                related,
                counts,
                shown,
                refusals);
    }

    /** The body is validated with these fields. */
    public Action accepting(List<Field> fields) {
        return new Action(
                name,
                scopeResource,
                summary,
                fields,
                bodyFrom,
                bodyWithout,
                answers,
                created,
                related,
                counts,
                shown,
                refusals);
    }

    /** The body is a create body of {@code slug}, less the fields the action sets itself. */
    public Action acceptingCreateOf(String slug, String... without) {
        return new Action(
                name,
                scopeResource,
                summary,
                body,
                slug,
                List.of(without),
                answers,
                created,
                related,
                counts,
                shown,
                refusals);
    }

    /** Answers 201 with a new document of {@code slug}. */
    public Action creating(String slug) {
        return new Action(
                name,
                scopeResource,
                summary,
                body,
                bodyFrom,
                bodyWithout,
                slug,
                true,
                related,
                counts,
                shown,
                refusals);
    }

    /** Answers 200 with a document of {@code slug} other than the acted-on one's collection. */
    public Action answering(String slug) {
        return new Action(
                name,
                scopeResource,
                summary,
                body,
                bodyFrom,
                bodyWithout,
                slug,
                created,
                related,
                counts,
                shown,
                refusals);
    }

    public Action alsoAnswering(String key, String slug) {
        Map<String, String> m = new java.util.LinkedHashMap<>(related);
        m.put(key, slug);
        return new Action(
                name,
                scopeResource,
                summary,
                body,
                bodyFrom,
                bodyWithout,
                answers,
                created,
                m,
                counts,
                shown,
                refusals);
    }

    public Action countingIn(String key) {
        List<String> c = new java.util.ArrayList<>(counts);
        c.add(key);
        return new Action(
                name,
                scopeResource,
                summary,
                body,
                bodyFrom,
                bodyWithout,
                answers,
                created,
                related,
                c,
                shown,
                refusals);
    }

    /** {@code doc} carries {@code key} (a string) in this answer only. */
    public Action showingOnce(String key) {
        List<String> s = new java.util.ArrayList<>(shown);
        s.add(key);
        return new Action(
                name,
                scopeResource,
                summary,
                body,
                bodyFrom,
                bodyWithout,
                answers,
                created,
                related,
                counts,
                s,
                refusals);
    }

    /** The action may also answer {@code status} (a provider's refusal: 402), meaning {@code why}. */
    public Action refusing(int status, String why) {
        Map<Integer, String> r = new java.util.LinkedHashMap<>(refusals);
        r.put(status, why);
        return new Action(
                name, scopeResource, summary, body, bodyFrom, bodyWithout, answers, created, related, counts, shown, r);
    }
}
