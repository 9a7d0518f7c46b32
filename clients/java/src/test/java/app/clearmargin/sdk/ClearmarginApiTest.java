package app.clearmargin.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.clearmargin.sdk.model.ApiKey;
import app.clearmargin.sdk.model.AuditEntry;
import app.clearmargin.sdk.model.Client;
import app.clearmargin.sdk.model.Contact;
import app.clearmargin.sdk.model.Webhook;
import app.clearmargin.sdk.model.WebhookDelivery;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClearmarginApiTest extends ServerTest {

    @Test
    void clientsAreCreatedReadUpdatedListedAndDeleted() {
        Client created = cm.clients().create(Map.of("name", "Crud " + run, "email", "crud@example.com"));
        assertTrue(created.id().startsWith("client_"));
        assertEquals("active", created.status());

        assertEquals("crud@example.com", cm.clients().get(created.id()).email());

        Map<String, Object> patch = new HashMap<>();
        patch.put("status", "inactive");
        patch.put("email", null); // null clears an optional field
        Client updated = cm.clients().update(created.id(), patch);
        assertEquals("inactive", updated.status());
        assertNull(updated.email());

        Page<Client> page = cm.clients().list(ListParams.builder().where(Where.field("name").equalTo("Crud " + run)).build());
        assertEquals(1L, page.totalDocs());
        assertEquals(created.id(), page.docs().get(0).id());

        Contact contact = cm.contacts().create(Map.of("client", created.id(), "name", "Jane " + run));
        assertEquals(created.id(), contact.client().id());
        assertTrue(contact.client().isPopulated(), "depth 1 populates the client");
        assertEquals("Crud " + run, contact.client().as(Client.class).orElseThrow().name());
        assertFalse(cm.contacts().get(contact.id(), RequestOptions.depth(0)).client().isPopulated());

        // A referenced document cannot be deleted (409, naming who references it).
        ClearmarginException conflict = assertThrows(ClearmarginException.class, () -> cm.clients().delete(created.id()));
        assertEquals(409, conflict.status());

        assertEquals(contact.id(), cm.contacts().delete(contact.id()).id());
        assertEquals(404, assertThrows(ClearmarginException.class, () -> cm.contacts().get(contact.id())).status());
        assertEquals(created.id(), cm.clients().delete(created.id()).id());
    }

    @Test
    void theWhereBuilderFiltersOnTheServer() {
        Client a = cm.clients().create(Map.of("name", "Alpha " + run, "status", "active", "paymentTermsDays", 10));
        Client b = cm.clients().create(Map.of("name", "Beta " + run, "status", "inactive", "paymentTermsDays", 20));
        Client c = cm.clients().create(Map.of("name", "Gamma " + run, "status", "archived", "paymentTermsDays", 30));
        Where mine = Where.field("name").like(run);

        assertEquals(List.of(b.id()), ids(mine.and(Where.field("status").equalTo("inactive"))));
        assertEquals(
                List.of(a.id(), c.id()),
                ids(mine.and(Where.anyOf(Where.field("status").equalTo("archived"), Where.field("paymentTermsDays").lessThan(15)))));
        assertEquals(List.of(a.id(), b.id()), ids(mine.and(Where.field("status").in("active", "inactive"))));
        assertEquals(List.of(c.id()), ids(mine.and(Where.field("paymentTermsDays").greaterThanOrEqual(25))));
        assertEquals(2L, cm.clients().count(mine.and(Where.field("status").notEqualTo("archived"))));

        Contact jane = cm.contacts().create(Map.of("client", b.id(), "name", "Jane " + run));
        assertEquals(
                List.of(jane.id()),
                cm.contacts()
                        .list(ListParams.builder()
                                .where(Where.field("client.name").like("beta " + run))
                                .build())
                        .docs()
                        .stream()
                        .map(Contact::id)
                        .toList());
    }

    private List<String> ids(Where where) {
        return cm.clients()
                .list(ListParams.builder().where(where).sort("name").select("name").build())
                .docs()
                .stream()
                .map(Client::id)
                .toList();
    }

    @Test
    void countNoneLeavesTheTotalOutAndStillSaysWhetherANextPageExists() {
        for (int i = 0; i < 3; i++) {
            cm.clients().create(Map.of("name", "Counted " + i + " " + run));
        }
        ListParams.Builder params =
                ListParams.builder().where(Where.field("name").like("Counted " + run)).limit(2);
        Page<Client> none = cm.clients().list(params.count(ListParams.Count.NONE).build());
        assertNull(none.totalDocs());
        assertEquals(Boolean.TRUE, none.hasNextPage());
        assertEquals(2, none.docs().size());
        Page<Client> estimate = cm.clients().list(params.count(ListParams.Count.ESTIMATE).build());
        assertEquals(Boolean.TRUE, estimate.hasNextPage());
        assertNotNull(estimate.totalDocs());
        assertNotNull(estimate.totalDocsEstimated());
    }

    @Test
    void pageAutoPagingVisitsEveryDocumentOnce() {
        Client client = cm.clients().create(Map.of("name", "Paging " + run));
        List<String> created = IntStream.range(0, 7)
                .mapToObj(i -> cm.contacts().create(Map.of("client", client.id(), "name", "P" + i + " " + run)).id())
                .toList();
        List<String> seen = cm.contacts()
                .listAll(ListParams.builder()
                        .where(Where.field("client").equalTo(client.id()))
                        .sort("createdAt")
                        .depth(0)
                        .limit(3)
                        .build())
                .map(Contact::id)
                .toList();
        assertEquals(created, seen);
    }

    @Test
    void cursorAutoPagingWalksTheAuditLogNewestFirst() {
        Client client = cm.clients().create(Map.of("name", "Cursor " + run));
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            contacts.add(cm.contacts().create(Map.of("client", client.id(), "name", "C" + i + " " + run)).id());
        }
        ListParams params = ListParams.builder()
                .where(Where.field("documentId").in(contacts))
                .depth(0)
                .limit(2)
                .build();
        List<AuditEntry> entries = cm.auditLog().listAll(params).toList();
        assertEquals(5, entries.size());
        assertEquals(5, new LinkedHashSet<>(entries.stream().map(AuditEntry::id).toList()).size());
        // Newest first: the last contact's entry leads.
        List<String> newestFirst = new ArrayList<>(contacts);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, entries.stream().map(AuditEntry::documentId).toList());

        // A cursor page has no totals, only hasMore.
        Page<AuditEntry> second = cm.auditLog()
                .list(params.toBuilder().startingAfter(entries.get(1).id()).build());
        assertNull(second.totalDocs());
        assertTrue(second.hasMore());
        assertEquals(List.of(entries.get(2).id(), entries.get(3).id()), second.docs().stream().map(AuditEntry::id).toList());
        Page<AuditEntry> newer = cm.auditLog().listNewerThan(entries.get(2).id(), params);
        assertEquals(List.of(entries.get(0).id(), entries.get(1).id()), newer.docs().stream().map(AuditEntry::id).toList());
    }

    @Test
    void theSameIdempotencyKeyReplaysAndADifferentBodyConflicts() {
        String key = "sdk-java-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("name", "Idem " + run);
        Result<Client> first = cm.clients().create(body, RequestOptions.idempotencyKey(key));
        Result<Client> again = cm.clients().create(body, RequestOptions.idempotencyKey(key));
        assertEquals(201, first.status());
        assertFalse(first.replayed());
        assertTrue(again.replayed());
        assertEquals(first.doc().id(), again.doc().id());
        assertEquals(1L, cm.clients().count(Where.field("name").equalTo("Idem " + run)));

        ClearmarginException e = assertThrows(
                ClearmarginException.class,
                () -> cm.clients().create(Map.of("name", "Other " + run), RequestOptions.idempotencyKey(key)));
        assertEquals(409, e.status());
        assertEquals("IdempotencyConflict", e.name().orElseThrow());

        // Without a key of its own every POST gets a fresh one: two creates, two clients.
        assertNotEquals(
                cm.clients().create(Map.of("name", "Fresh " + run)).id(),
                cm.clients().create(Map.of("name", "Fresh " + run)).id());
    }

    @Test
    void a429IsRetriedAfterRetryAfterAndThenSucceeds() {
        ApiKey tiny = cm.apiKeys()
                .create(Map.of("name", "tiny " + run, "scopes", List.of("clients:read"), "rateLimitPerMinute", 10));
        assertNotNull(tiny.key(), "the key is shown once, at creation");
        Clearmargin noRetry = Clearmargin.builder().apiKey(tiny.key()).baseUrl(BASE_URL).maxRetries(0).build();
        ClearmarginException limited = null;
        for (int i = 0; i < 200 && limited == null; i++) {
            try {
                noRetry.clients().list(ListParams.builder().limit(1).depth(0).build());
            } catch (ClearmarginException e) {
                limited = e;
            }
        }
        assertNotNull(limited, "10 per minute runs out");
        assertEquals(429, limited.status());
        assertNotNull(limited.retryAfterSeconds());

        List<Duration> waits = new CopyOnWriteArrayList<>();
        Clearmargin retrying = Clearmargin.builder()
                .apiKey(tiny.key())
                .baseUrl(BASE_URL)
                .maxRetries(3)
                .sleeper(d -> {
                    waits.add(d);
                    Thread.sleep(d.toMillis());
                })
                .build();
        assertNotNull(retrying.clients().list(ListParams.builder().limit(1).depth(0).build()));
        assertFalse(waits.isEmpty(), "it waited for the bucket");
        assertTrue(waits.get(0).getSeconds() >= 1, "Retry-After is at least a second");
        cm.apiKeys().delete(tiny.id());
    }

    @Test
    void errorsCarryTheirStatusNamePathsAndRequestId() {
        ClearmarginException invalid = assertThrows(
                ClearmarginException.class,
                () -> cm.clients()
                        .create(
                                Map.of("name", "Bad " + run, "email", "not-an-email", "status", "bogus"),
                                RequestOptions.none().withRequestId("sdk-java-" + run)));
        assertEquals(400, invalid.status());
        assertEquals("ValidationError", invalid.name().orElseThrow());
        assertEquals("sdk-java-" + run, invalid.requestId());
        assertEquals(
                List.of("email", "status"),
                invalid.fieldErrors().stream().map(ApiError.FieldError::path).sorted().toList());
        assertTrue(invalid.fieldErrors().stream().allMatch(f -> f.message() != null));

        ClearmarginException query = assertThrows(
                ClearmarginException.class,
                () -> cm.clients().list(ListParams.builder().where(Where.field("bogus").equalTo("x")).build()));
        assertEquals(400, query.status());
        assertEquals("QueryError", query.name().orElseThrow());
        assertEquals(List.of("bogus"), query.fieldErrors().stream().map(ApiError.FieldError::path).toList());
        assertNotNull(query.requestId(), "the server generates one");

        ClearmarginException missing = assertThrows(
                ClearmarginException.class, () -> cm.clients().get("client_00000000000000000000000000"));
        assertEquals(404, missing.status());

        ClearmarginException unauthorized = assertThrows(
                ClearmarginException.class,
                () -> Clearmargin.builder().apiKey("sk_live_nope").baseUrl(BASE_URL).build().clients().list());
        assertEquals(401, unauthorized.status());
    }

    @Test
    void aRealDeliveryVerifiesWithTheWebhooksSecret() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            bodies.add(ex.getRequestBody().readAllBytes());
            headers.add(Map.copyOf(ex.getRequestHeaders()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            Webhook hook = cm.webhooks()
                    .create(Map.of(
                            "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                            "events", List.of("invoice_paid"),
                            "description", "sdk-java " + run));
            assertNotNull(hook.secret(), "a generated secret is shown once");
            assertTrue(hook.secret().startsWith("whsec_"));

            WebhookDelivery delivery = cm.webhooks().test(hook.id());
            assertEquals("succeeded", delivery.status());
            assertEquals(1, bodies.size());

            WebhookEvent event = Webhooks.verify(bodies.get(0), headers.get(0), hook.secret(), Webhooks.DEFAULT_TOLERANCE);
            assertEquals("ping", event.event());
            assertEquals(
                    event.id(),
                    headers.get(0).entrySet().stream()
                            .filter(h -> h.getKey().equalsIgnoreCase("X-Webhook-Id"))
                            .map(h -> h.getValue().get(0))
                            .collect(Collectors.joining()));
            assertThrows(
                    WebhookVerificationException.class,
                    () -> Webhooks.verify(bodies.get(0), headers.get(0), "whsec_wrong", Webhooks.DEFAULT_TOLERANCE));

            // After a rotation the old secret no longer verifies a new delivery.
            Webhook rotated = cm.webhooks().rotateSecret(hook.id());
            assertNotEquals(hook.secret(), rotated.secret());
            cm.webhooks().test(hook.id());
            assertThrows(
                    WebhookVerificationException.class,
                    () -> Webhooks.verify(bodies.get(1), headers.get(1), hook.secret(), Webhooks.DEFAULT_TOLERANCE));
            assertEquals("ping", Webhooks.verify(bodies.get(1), headers.get(1), rotated.secret(), Webhooks.DEFAULT_TOLERANCE).event());

            // The delivery log pages by cursor too.
            List<WebhookDelivery> log = cm.webhookDeliveries()
                    .listAll(ListParams.builder().where(Where.field("webhook").equalTo(hook.id())).limit(1).build())
                    .toList();
            assertEquals(2, log.size());
            cm.webhooks().delete(hook.id());
        } finally {
            receiver.stop(0);
        }
    }
}
