package app.clearmargin.work;

import static app.clearmargin.support.Fixtures.assertStateConflict;
import static app.clearmargin.support.Fixtures.dec;
import static app.clearmargin.support.Fixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rate cascade of time entries (API.md §3 time-entries): project override → client override →
 * member rate, per rate type; rate and cost rate stamped at creation and again when project, member
 * or rate type change while unbilled; billed entries immutable.
 */
class TimeEntryRatesTest extends ApiTest {

    private Fixtures f;
    private String ann;
    private String bob;
    private String overridden; // project: standard 120; its client: overtime 160
    private String plain; // same client, no project rates
    private String bare; // another client, no rates anywhere

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        ann = f.member("Ann", Map.of("standard", 100, "overtime", 150, "rush", 200), 40);
        bob = f.member("Bob", 80, 30);
        String client = f.client("Rated Client", Map.of("rates", Map.of("overtime", 160)));
        overridden = f.project(client, "Overridden", Map.of("standard", 120));
        plain = f.project(client, "Plain");
        bare = f.project(f.client("Bare Client"), "Bare");
    }

    private JsonNode entry(String project, String member, String rateType, Object hours) {
        return f.time(project, member, "2026-03-10", hours, Map.of("rateType", rateType));
    }

    @Test
    void theMostSpecificLevelWinsPerRateType() {
        assertRate(entry(overridden, ann, "standard", 1.5), "120", "180"); // project
        assertRate(entry(overridden, ann, "overtime", 2), "160", "320"); // client
        assertRate(entry(overridden, ann, "rush", 1), "200", "200"); // member
        assertRate(entry(plain, ann, "standard", 1), "100", "100"); // member (no project override)
        assertRate(entry(plain, ann, "overtime", 1), "160", "160"); // client
        assertRate(entry(bare, ann, "overtime", 1), "150", "150"); // member
        assertRate(entry(overridden, null, "standard", 2), "120", "240"); // no member: the overrides still apply
        JsonNode stamped = entry(overridden, ann, "rush", 1);
        assertThat(dec(stamped.get("costRate"))).isEqualByComparingTo("40");
        assertThat(stamped.get("status").asString()).isEqualTo("unbilled");
        assertThat(stamped.get("invoice").isNull()).isTrue();
    }

    @Test
    void withoutARateForItsTypeTheStandardCascadeApplies() {
        // Bob has no rush rate and no level overrides rush: the standard cascade (Bob's 80) prices it
        assertRate(entry(bare, bob, "rush", 1), "80", "80");
        // on the overridden project the standard cascade starts at the project's 120
        assertRate(entry(overridden, bob, "rush", 1), "120", "120");
        // nobody has a rate at all: no rate, amount 0
        JsonNode unpriced = entry(bare, null, "standard", 3);
        assertThat(unpriced.get("rate").isNull()).isTrue();
        assertThat(unpriced.get("costRate").isNull()).isTrue();
        assertThat(dec(unpriced.get("amount"))).isZero();
    }

    @Test
    void amountIsHoursTimesRateRoundedOnceAndZeroWhenNotBillable() {
        String cy = f.member("Cy", 33.33, null);
        assertRate(entry(bare, cy, "standard", 0.25), "33.33", "8.33"); // 8.3325
        assertRate(entry(bare, cy, "standard", 0.75), "33.33", "25"); // 24.9975
        JsonNode internal = f.time(bare, cy, "2026-03-10", 2, Map.of("billable", false));
        assertThat(dec(internal.get("rate"))).isEqualByComparingTo("33.33");
        assertThat(dec(internal.get("amount"))).isZero();
        assertThat(internal.get("costRate").isNull()).isTrue();
    }

    @Test
    void ratesAreStampedAndOnlyRestampedWhenProjectMemberOrRateTypeChange() {
        String dee = f.member("Dee", 90, 35);
        String id = entry(plain, dee, "standard", 2).get("id").asString();
        expect(200, api.patch("/api/members/" + dee, Map.of("rates", Map.of("standard", 95), "costRate", 45)));

        // hours change: the stamped rate stays, the amount follows the hours
        JsonNode longer = patch(id, Map.of("hours", 3));
        assertRate(longer, "90", "270");
        assertThat(dec(longer.get("costRate"))).isEqualByComparingTo("35");
        assertRate(patch(id, Map.of("description", "still 90")), "90", "270");

        // rate type change: restamped from today's rates
        JsonNode overtime = patch(id, Map.of("rateType", "overtime"));
        assertRate(overtime, "160", "480"); // the client's overtime override
        assertThat(dec(overtime.get("costRate"))).isEqualByComparingTo("45");
        assertRate(patch(id, Map.of("rateType", "standard")), "95", "285");

        // member change
        JsonNode bobs = patch(id, Map.of("member", bob));
        assertRate(bobs, "80", "240");
        assertThat(dec(bobs.get("costRate"))).isEqualByComparingTo("30");

        // project change
        assertRate(patch(id, Map.of("project", overridden)), "120", "360");

        // member removed
        Map<String, Object> noMember = new LinkedHashMap<>();
        noMember.put("member", null);
        noMember.put("project", bare);
        JsonNode nobody = patch(id, noMember);
        assertThat(nobody.get("rate").isNull()).isTrue();
        assertThat(nobody.get("costRate").isNull()).isTrue();
        assertThat(dec(nobody.get("amount"))).isZero();
    }

    @Test
    void aBilledEntryIsImmutableUntilItsInvoiceIsVoided() {
        String project = f.project(f.client("Billing Client"), "Billed work");
        String id = f.time(project, ann, "2026-02-02", 1).get("id").asString();
        Api.Response generated = api.post(
                "/api/invoices/generate?depth=0",
                Map.of("projects", List.of(project), "from", "2026-02-01", "to", "2026-02-28"));
        assertThat(generated.status()).isEqualTo(201);
        String invoice = generated.doc().get("id").asString();

        JsonNode billed = f.get("time-entries", id);
        assertThat(billed.get("status").asString()).isEqualTo("billed");
        assertThat(billed.get("invoice").asString()).isEqualTo(invoice);
        assertStateConflict(api.patch("/api/time-entries/" + id, Map.of("hours", 2)), "billed");
        assertStateConflict(api.patch("/api/time-entries/" + id, Map.of("description", "typo")), "billed");
        assertStateConflict(api.delete("/api/time-entries/" + id), "billed");

        f.action(200, "invoices", invoice, "void", Map.of());
        JsonNode released = f.get("time-entries", id);
        assertThat(released.get("status").asString()).isEqualTo("unbilled");
        assertThat(released.get("invoice").isNull()).isTrue();
        assertRate(patch(id, Map.of("hours", 2)), "100", "200");
        expect(200, api.delete("/api/time-entries/" + id));
    }

    @Test
    void hoursAndStampedFieldsAreValidated() {
        Map<String, Object> base = Map.of("project", bare, "member", ann, "date", "2026-03-10");
        for (Object hours : List.of(0, -1, 24.01, 1.005)) {
            Map<String, Object> body = new LinkedHashMap<>(base);
            body.put("hours", hours);
            Api.Response r = api.post("/api/time-entries", body);
            assertThat(r.status()).as("hours " + hours).isEqualTo(400);
            assertThat(r.errorPaths()).containsExactly("hours");
        }
        Map<String, Object> sneaky = new LinkedHashMap<>(base);
        sneaky.put("hours", 1);
        sneaky.put("rate", 999);
        sneaky.put("costRate", 1);
        sneaky.put("status", "billed");
        Api.Response r = api.post("/api/time-entries", sneaky);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorPaths()).containsExactlyInAnyOrder("rate", "costRate", "status");
    }

    private JsonNode patch(String id, Map<String, ?> body) {
        return expect(200, api.patch("/api/time-entries/" + id + "?depth=0", body))
                .doc();
    }

    private static void assertRate(JsonNode entry, String rate, String amount) {
        assertThat(dec(entry.get("rate"))).as("rate of " + entry).isEqualByComparingTo(rate);
        assertThat(dec(entry.get("amount"))).as("amount of " + entry).isEqualByComparingTo(amount);
    }
}
