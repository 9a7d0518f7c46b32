package app.clearmargin.collections;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.WebhookReceiver;
import app.clearmargin.tenancy.Tenant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Paging the logs by cursor (API.md §10): {@code events}, {@code webhook-deliveries} and {@code audit-log} accept
 * {@code startingAfter} or {@code endingBefore} with {@code limit}, newest first, answer {@code docs}, {@code hasMore}
 * and {@code limit} only, and never shift or repeat a page while rows are written.
 */
class CursorPagingApiTest extends ApiTest {

    @Autowired
    Events events;

    @Autowired
    WriteContexts contexts;

    WebhookReceiver receiver;
    String webhook;

    @BeforeAll
    void endpoint() {
        receiver = WebhookReceiver.start();
        // subscribed to an event this class never publishes: the events written here fan out to no delivery
        webhook = createId("webhooks", Map.of("url", receiver.url("pings"), "events", List.of("invoice_paid")));
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    /** Publishes {@code n} events about documents of {@code documentType}; returns their ids in creation order. */
    private List<String> publish(int n, String documentType) {
        List<String> ids = new ArrayList<>();
        new Tenant(organization.id())
                .run(() -> tx.executeWithoutResult(s -> {
                    for (int i = 0; i < n; i++) {
                        ids.add(events.publish(
                                contexts.system("cursor-test"),
                                EventTypes.INVOICE_SENT,
                                Events.data(
                                        documentType,
                                        documentType + "-" + i,
                                        "N-" + i,
                                        BigDecimal.ONE,
                                        "USD",
                                        null,
                                        null)));
                    }
                }));
        return ids;
    }

    private static List<String> ids(JsonNode page) {
        return page.get("docs").valueStream().map(d -> d.get("id").asString()).toList();
    }

    private JsonNode cursorPage(String collection, Object... params) {
        Api.Response r = api.get("/api/" + collection + Api.q(params));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    @Test
    void pagingByCursorNeitherRepeatsNorSkipsWhileNewEventsArrive() {
        List<String> before = publish(23, "paging");
        List<String> newestFirst = before.reversed();

        // the first page as any list, then by cursor; three new events arrive between every two pages
        JsonNode first = cursorPage("events", "where[documentType][equals]", "paging", "limit", 5, "depth", 0);
        List<String> seen = new ArrayList<>(ids(first));
        String cursor = seen.getLast();
        boolean hasMore = true;
        while (hasMore) {
            publish(3, "paging");
            JsonNode page = cursorPage(
                    "events", "where[documentType][equals]", "paging", "limit", 5, "depth", 0, "startingAfter", cursor);
            assertThat(page.has("totalDocs") || page.has("page") || page.has("totalPages"))
                    .as("a cursor page has no totals: %s", page)
                    .isFalse();
            assertThat(page.get("limit").asInt()).isEqualTo(5);
            List<String> ids = ids(page);
            seen.addAll(ids);
            hasMore = page.get("hasMore").asBoolean();
            if (hasMore) {
                assertThat(ids).hasSize(5);
                cursor = ids.getLast();
            }
        }

        assertThat(seen)
                .as("every event that existed when paging began, once, newest first")
                .containsExactlyElementsOf(newestFirst);
    }

    @Test
    void endingBeforeGivesTheNewerEventsStillNewestFirst() {
        List<String> ids = publish(7, "backwards");
        List<String> newestFirst = ids.reversed();
        String oldest = ids.getFirst();

        JsonNode previous =
                cursorPage("events", "where[documentType][equals]", "backwards", "limit", 3, "endingBefore", oldest);

        assertThat(ids(previous))
                .as("the three right after the cursor, shown newest first")
                .containsExactly(ids.get(3), ids.get(2), ids.get(1));
        assertThat(previous.get("hasMore").asBoolean()).isTrue();

        JsonNode top = cursorPage("events", "where[documentType][equals]", "backwards", "endingBefore", ids.get(3));
        assertThat(ids(top)).containsExactlyElementsOf(newestFirst.subList(0, 3));
        assertThat(top.get("hasMore").asBoolean()).isFalse();

        JsonNode next = cursorPage(
                "events", "where[documentType][equals]", "backwards", "limit", 2, "startingAfter", ids.get(3));
        assertThat(ids(next)).containsExactly(ids.get(2), ids.get(1));
        assertThat(next.get("hasMore").asBoolean()).isTrue();
    }

    @Test
    void whereFiltersApplyTogetherWithTheCursor() {
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            wanted.addAll(publish(1, "filtered"));
            publish(2, "unwanted");
        }
        String newest = publish(1, "unwanted").getFirst();

        JsonNode page = cursorPage("events", "where[documentType][equals]", "filtered", "startingAfter", newest);

        assertThat(ids(page)).containsExactlyElementsOf(wanted.reversed());
        assertThat(page.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void deliveriesAndTheAuditLogPageByCursorToo() {
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/webhooks/" + webhook + "/test?depth=0", Map.of())
                            .status())
                    .isEqualTo(201);
        }
        List<String> deliveries = ids(
                cursorPage("webhook-deliveries", "where[webhook][equals]", webhook, "limit", 3, "sort", "-createdAt"));
        assertThat(deliveries).hasSize(3).isSortedAccordingTo(Comparator.reverseOrder());

        JsonNode older = cursorPage(
                "webhook-deliveries",
                "where[webhook][equals]",
                webhook,
                "limit",
                1,
                "startingAfter",
                deliveries.getFirst());
        assertThat(ids(older)).containsExactly(deliveries.get(1));
        assertThat(older.get("hasMore").asBoolean()).isTrue();

        List<String> tests = ids(cursorPage(
                "audit-log", "where[action][equals]", "test", "where[documentId][equals]", webhook, "limit", 3));
        assertThat(tests).hasSize(3);
        JsonNode auditPage = cursorPage(
                "audit-log",
                "where[action][equals]",
                "test",
                "where[documentId][equals]",
                webhook,
                "endingBefore",
                tests.getLast());
        assertThat(ids(auditPage)).containsExactlyElementsOf(tests.subList(0, 2));
        assertThat(auditPage.get("hasMore").asBoolean()).isFalse();
    }

    private void assertRefused(String pathAndQuery, String parameter, String... saying) {
        Api.Response r = api.get(pathAndQuery);
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.errorName()).isEqualTo("QueryError");
        assertThat(r.errorPaths()).containsExactly(parameter);
        assertThat(r.errorMessage()).contains(parameter).contains(saying);
    }

    @Test
    void aCursorOfAnotherOrganizationOrCollectionOrMalformedIsRefusedNamingTheParameter() {
        TestOrg other = newOrganization("Other cursor org");
        String theirClient = other.api()
                .post("/api/clients?depth=0", Map.of("name", "Theirs", "currency", "USD"))
                .doc()
                .get("id")
                .asString();
        // their audit entry of that create: the right prefix for audit-log, another organization
        String theirAuditEntry =
                ids(other.api().get("/api/audit-log?limit=1").json()).getFirst();
        String ourDelivery = api.post("/api/webhooks/" + webhook + "/test?depth=0", Map.of())
                .doc()
                .get("id")
                .asString();

        assertRefused("/api/events" + Api.q("startingAfter", "evt_nope"), "startingAfter", "evt_", "\"evt_nope\"");
        assertRefused("/api/events" + Api.q("endingBefore", ourDelivery), "endingBefore", "id of one of", "evt_");
        assertRefused("/api/events" + Api.q("startingAfter", theirClient), "startingAfter", "evt_");
        assertRefused(
                "/api/audit-log" + Api.q("startingAfter", theirAuditEntry),
                "startingAfter",
                "not one of this organization's audit-log");
    }

    @Test
    void aCursorWithPageSortOrTheOtherCursorIsRefusedSayingWhy() {
        String event = publish(1, "combinations").getFirst();

        assertRefused(
                "/api/events" + Api.q("startingAfter", event, "endingBefore", event),
                "startingAfter",
                "endingBefore",
                "together");
        assertRefused("/api/events" + Api.q("endingBefore", event, "page", 2), "endingBefore", "page");
        assertRefused("/api/events" + Api.q("startingAfter", event, "sort", "type"), "startingAfter", "sort=type");
        assertRefused("/api/clients" + Api.q("startingAfter", "client_x"), "startingAfter", "events", "page");

        // the default sort, spelled out, and an empty page are no conflict
        assertThat(api.get("/api/events" + Api.q("startingAfter", event, "sort", "-createdAt", "page", ""))
                        .status())
                .isEqualTo(200);
    }
}
