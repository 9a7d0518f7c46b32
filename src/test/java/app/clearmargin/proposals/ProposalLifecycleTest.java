package app.clearmargin.proposals;

import static app.clearmargin.support.Fixtures.assertAtClock;
import static app.clearmargin.support.Fixtures.assertStateConflict;
import static app.clearmargin.support.Fixtures.dec;
import static app.clearmargin.support.Fixtures.expect;
import static app.clearmargin.support.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The proposal lifecycle (API.md §4): send, accept, reject, expire, convert once, duplicate, and
 * acceptance with payment terms through the whole payment schedule.
 */
class ProposalLifecycleTest extends ApiTest {

    private Fixtures f;
    private String client;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        client = f.client("Proposal Client");
    }

    @BeforeEach
    void mayFirst() {
        clock.set(Instant.parse("2026-05-01T09:00:00Z"));
    }

    private JsonNode draft(String title, Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client", client);
        body.put("title", title);
        body.put("lineItems", List.of(line("Design", 10, 100)));
        body.putAll(extra);
        return f.create("proposals", body);
    }

    private String sent(String title) {
        String id = draft(title, Map.of()).get("id").asString();
        f.action(200, "proposals", id, "send", Map.of());
        return id;
    }

    private Api.Response act(String id, String action) {
        return api.post("/api/proposals/" + id + "/" + action + "?depth=0", Map.of());
    }

    // ------------------------------------------------------------------ send, accept, reject

    @Test
    void sendNeedsADraftOrSentProposalAndARecipient() {
        JsonNode proposal = draft("Rebrand", Map.of());
        assertThat(proposal.get("number").asString()).startsWith("PROP-");
        assertThat(proposal.get("expiresAt").asString()).isEqualTo("2026-05-31");
        String id = proposal.get("id").asString();

        JsonNode sent = f.action(200, "proposals", id, "send", Map.of()).doc();
        assertThat(sent.get("status").asString()).isEqualTo("sent");
        assertAtClock(sent.get("sentAt"), "2026-05-01T09:00:00.000Z");
        f.action(200, "proposals", id, "send", Map.of()); // again: sends and emits again
        assertThat(f.eventTypes(id)).containsExactly("proposal_sent", "proposal_sent");
        assertThat(f.events(id).getFirst().get("data").get("expiresAt").asString())
                .isEqualTo("2026-05-31");

        String lonely = f.clientWithoutContact("Nobody Reads This");
        String unsendable = f.create(
                        "proposals", Map.of("client", lonely, "title", "Lost", "lineItems", List.of(line("x", 1, 1))))
                .get("id")
                .asString();
        assertStateConflict(act(unsendable, "send"), "draft");
        assertThat(f.eventTypes(unsendable)).isEmpty();

        // content is frozen once sent; a draft only can be deleted
        assertStateConflict(
                api.patch("/api/proposals/" + id, Map.of("lineItems", List.of(line("More", 1, 5)))), "sent");
        assertStateConflict(api.delete("/api/proposals/" + id), "sent");
        expect(200, api.delete("/api/proposals/" + unsendable));
    }

    @Test
    void acceptOnlyFromSent() {
        String draft = draft("Not yet", Map.of()).get("id").asString();
        assertStateConflict(act(draft, "accept"), "draft");

        String id = sent("Yes please");
        JsonNode accepted = expect(200, act(id, "accept")).doc();
        assertThat(accepted.get("status").asString()).isEqualTo("accepted");
        assertAtClock(accepted.get("acceptedAt"), "2026-05-01T09:00:00.000Z");
        assertThat(f.eventTypes(id)).containsExactly("proposal_sent", "proposal_accepted");

        assertStateConflict(act(id, "accept"), "accepted");
        assertStateConflict(act(id, "reject"), "accepted");
        assertStateConflict(act(id, "send"), "accepted");
        // no payment terms: no schedule
        assertThat(f.list("payment-schedules", "proposal", id)).isEmpty();
    }

    @Test
    void rejectOnlyFromSentWithTheReason() {
        String draft = draft("Draft only", Map.of()).get("id").asString();
        assertStateConflict(act(draft, "reject"), "draft");

        String id = sent("Too dear");
        JsonNode rejected = expect(
                        200, api.post("/api/proposals/" + id + "/reject?depth=0", Map.of("reason", "Over budget")))
                .doc();
        assertThat(rejected.get("status").asString()).isEqualTo("rejected");
        assertThat(rejected.get("rejectionReason").asString()).isEqualTo("Over budget");
        assertAtClock(rejected.get("rejectedAt"), "2026-05-01T09:00:00.000Z");
        assertThat(f.eventTypes(id)).containsExactly("proposal_sent", "proposal_rejected");
        assertThat(f.events(id).get(1).get("data").get("reason").asString()).isEqualTo("Over budget");

        assertStateConflict(act(id, "accept"), "rejected");
        assertStateConflict(act(id, "reject"), "rejected");
        assertStateConflict(act(id, "convert"), "rejected");
    }

    @Test
    void aSentProposalExpiresAfterItsDateAndCanNoLongerBeAccepted() {
        String id = draft("Short offer", Map.of("expiresAt", "2026-05-05"))
                .get("id")
                .asString();
        f.action(200, "proposals", id, "send", Map.of());

        clock.set(Instant.parse("2026-05-04T09:00:00Z"));
        runJobs();
        assertThat(f.get("proposals", id).get("status").asString()).isEqualTo("sent");
        assertThat(f.eventTypes(id)).containsExactly("proposal_sent", "proposal_expiring");

        clock.set(Instant.parse("2026-05-05T23:00:00Z")); // still the last valid day
        runJobs();
        assertThat(f.get("proposals", id).get("status").asString()).isEqualTo("sent");

        clock.set(Instant.parse("2026-05-06T00:30:00Z"));
        runJobs();
        runJobs(); // exactly once however often the sweep runs
        JsonNode expired = f.get("proposals", id);
        assertThat(expired.get("status").asString()).isEqualTo("expired");
        assertAtClock(expired.get("expiredAt"), "2026-05-06T00:30:00.000Z");
        assertThat(f.eventTypes(id)).containsExactly("proposal_sent", "proposal_expiring", "proposal_expired");

        assertStateConflict(act(id, "accept"), "expired");
        assertStateConflict(act(id, "send"), "expired");
        assertStateConflict(act(id, "reject"), "expired");
    }

    // ------------------------------------------------------------------ convert and duplicate

    @Test
    void anAcceptedProposalConvertsIntoAProjectOnce() {
        String id = draft(
                        "Festival stage",
                        Map.of(
                                "eventDate",
                                "2026-08-15",
                                "lineItems",
                                List.of(line("Stage build", 2, 1500), line("Lighting", 1, 800))))
                .get("id")
                .asString();
        f.create("milestones", Map.of("proposal", id, "name", "Site visit", "dueDate", "2026-06-01", "sortOrder", 1));
        assertStateConflict(act(id, "convert"), "draft");
        f.action(200, "proposals", id, "send", Map.of());
        assertStateConflict(act(id, "convert"), "sent");
        expect(200, act(id, "accept"));

        Api.Response converted = act(id, "convert");
        assertThat(converted.status()).isEqualTo(201);
        JsonNode project = converted.doc();
        String projectId = project.get("id").asString();
        assertThat(projectId).startsWith("project_");
        assertThat(project.get("name").asString()).isEqualTo("Festival stage");
        assertThat(project.get("client").asString()).isEqualTo(client);
        assertThat(project.get("eventDate").asString()).isEqualTo("2026-08-15");
        assertThat(project.get("sourceProposal").asString()).isEqualTo(id);
        assertThat(project.get("scopeItems"))
                .extracting(s -> s.get("description").asString())
                .containsExactly("Stage build", "Lighting");
        assertThat(dec(project.get("scopeItems").get(0).get("amount"))).isEqualByComparingTo("3000");
        assertThat(f.list("milestones", "project", projectId))
                .extracting(m -> m.get("name").asString())
                .containsExactly("Site visit");
        assertThat(f.get("proposals", id).get("project").asString()).isEqualTo(projectId);

        assertStateConflict(act(id, "convert"), "accepted");
        assertThat(f.list("projects", "sourceProposal", id)).hasSize(1);
    }

    @Test
    void duplicateMakesANewDraftFromAnyStatus() {
        String id = sent("Original");
        f.create("milestones", Map.of("proposal", id, "name", "Kick-off"));
        expect(200, act(id, "accept"));
        JsonNode original = f.get("proposals", id);

        Api.Response r = act(id, "duplicate");
        assertThat(r.status()).isEqualTo(201);
        JsonNode copy = r.doc();
        assertThat(copy.get("id").asString()).isNotEqualTo(id);
        assertThat(copy.get("status").asString()).isEqualTo("draft");
        assertThat(copy.get("number").asString())
                .isNotEqualTo(original.get("number").asString());
        assertThat(copy.get("title").asString()).isEqualTo("Original");
        assertThat(dec(copy.get("total"))).isEqualByComparingTo(dec(original.get("total")));
        assertThat(copy.get("sentAt").isNull()).isTrue();
        assertThat(copy.get("acceptedAt").isNull()).isTrue();
        assertThat(copy.get("project").isNull()).isTrue();
        assertThat(copy.get("lineItems").get(0).get("id").asString())
                .isNotEqualTo(original.get("lineItems").get(0).get("id").asString());
        assertThat(f.list("milestones", "proposal", copy.get("id").asString())).hasSize(1);
        assertThat(f.get("proposals", id).get("status").asString()).isEqualTo("accepted");

        String draft = draft("Draft original", Map.of()).get("id").asString();
        assertThat(act(draft, "duplicate").status()).isEqualTo(201);
    }

    // ------------------------------------------------------------------ payment terms → schedule

    @Test
    void acceptingWithPaymentTermsRunsTheWholeSchedule() {
        String id = draft(
                        "Three instalments",
                        Map.of(
                                "lineItems",
                                List.of(line("Project", 1, 1000)),
                                "paymentTerms",
                                Map.of(
                                        "installments",
                                        List.of(
                                                Map.of(
                                                        "label",
                                                        "Deposit",
                                                        "type",
                                                        "percent",
                                                        "value",
                                                        30,
                                                        "dueOn",
                                                        "acceptance"),
                                                Map.of(
                                                        "label",
                                                        "Milestone",
                                                        "type",
                                                        "fixed",
                                                        "value",
                                                        333.33,
                                                        "dueOn",
                                                        "date",
                                                        "date",
                                                        "2026-05-20"),
                                                Map.of(
                                                        "label",
                                                        "Final",
                                                        "type",
                                                        "remainder",
                                                        "dueOn",
                                                        "acceptance",
                                                        "offsetDays",
                                                        30)))))
                .get("id")
                .asString();
        f.action(200, "proposals", id, "send", Map.of());
        expect(200, act(id, "accept"));

        List<JsonNode> schedules = f.list("payment-schedules", "proposal", id);
        assertThat(schedules).hasSize(1);
        JsonNode schedule = schedules.getFirst();
        String scheduleId = schedule.get("id").asString();
        assertThat(schedule.get("status").asString()).isEqualTo("active");
        assertThat(dec(schedule.get("total"))).isEqualByComparingTo("1000");
        assertThat(schedule.get("installments"))
                .extracting(i -> dec(i.get("amount")).toPlainString())
                .containsExactly("300", "333.33", "366.67");
        assertThat(schedule.get("installments"))
                .extracting(i -> i.get("dueDate").asString())
                .containsExactly("2026-05-01", "2026-05-20", "2026-05-31");
        assertThat(schedule.get("installments"))
                .extracting(i -> i.get("status").asString())
                .containsExactly("invoiced", "scheduled", "scheduled");

        // the deposit invoice exists at once, as a draft
        String deposit = schedule.get("installments").get(0).get("invoice").asString();
        JsonNode depositInvoice = f.get("invoices", deposit);
        assertThat(depositInvoice.get("status").asString()).isEqualTo("draft");
        assertThat(dec(depositInvoice.get("total"))).isEqualByComparingTo("300");
        assertThat(depositInvoice.get("installment").asInt()).isEqualTo(1);
        assertThat(depositInvoice.get("paymentSchedule").asString()).isEqualTo(scheduleId);
        assertThat(depositInvoice.get("proposal").asString()).isEqualTo(id);
        assertThat(depositInvoice.get("lineItems").get(0).get("kind").asString())
                .isEqualTo("installment");
        assertThat(f.eventTypes(scheduleId)).containsExactly("schedule_deposit_ready");
        JsonNode ready = f.events(scheduleId).getFirst().get("data");
        assertThat(ready.get("installmentNumber").asInt()).isEqualTo(1);
        assertThat(ready.get("installmentCount").asInt()).isEqualTo(3);
        assertThat(ready.get("invoiceId").asString()).isEqualTo(deposit);

        assertStateConflict(api.post("/api/invoices/" + deposit + "/payments", Map.of("method", "card")), "draft");
        payInFull(deposit);
        assertThat(installmentStatuses(scheduleId)).containsExactly("paid", "scheduled", "scheduled");

        clock.set(Instant.parse("2026-05-20T09:00:00Z"));
        runJobs();
        runJobs();
        String second = f.get("payment-schedules", scheduleId)
                .get("installments")
                .get(1)
                .get("invoice")
                .asString();
        assertThat(dec(f.get("invoices", second).get("total"))).isEqualByComparingTo("333.33");
        assertThat(installmentStatuses(scheduleId)).containsExactly("paid", "invoiced", "scheduled");
        payInFull(second);

        clock.set(Instant.parse("2026-05-31T09:00:00Z"));
        runJobs();
        String third = f.get("payment-schedules", scheduleId)
                .get("installments")
                .get(2)
                .get("invoice")
                .asString();
        f.send(third);
        f.pay(third, 100); // a part payment does not pay the installment
        assertThat(installmentStatuses(scheduleId)).containsExactly("paid", "paid", "invoiced");
        f.pay(third, null);

        JsonNode done = f.get("payment-schedules", scheduleId);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(installmentStatuses(scheduleId)).containsExactly("paid", "paid", "paid");
        assertThat(f.eventTypes(scheduleId))
                .containsExactly(
                        "schedule_deposit_ready",
                        "schedule_installment_paid",
                        "schedule_installment_due",
                        "schedule_installment_paid",
                        "schedule_installment_due",
                        "schedule_installment_paid",
                        "schedule_completed");
        assertThat(f.list("invoices", "paymentSchedule", scheduleId)).hasSize(3);
    }

    @Test
    void voidingOrDeletingAnInstallmentInvoiceMakesTheInstallmentDueAgain() {
        String id = draft(
                        "Redo the deposit",
                        Map.of(
                                "lineItems",
                                List.of(line("Work", 1, 200)),
                                "paymentTerms",
                                Map.of(
                                        "installments",
                                        List.of(
                                                Map.of("label", "Deposit", "type", "percent", "value", 50),
                                                Map.of("label", "Rest", "type", "remainder", "offsetDays", 10)))))
                .get("id")
                .asString();
        f.action(200, "proposals", id, "send", Map.of());
        expect(200, act(id, "accept"));
        String scheduleId =
                f.list("payment-schedules", "proposal", id).getFirst().get("id").asString();
        String first = installmentInvoice(scheduleId);

        expect(200, api.delete("/api/invoices/" + first));
        assertThat(installmentStatuses(scheduleId)).containsExactly("scheduled", "scheduled");
        runJobs();
        String second = installmentInvoice(scheduleId);
        assertThat(second).isNotEqualTo(first);

        f.send(second);
        f.action(200, "invoices", second, "void", Map.of());
        assertThat(installmentStatuses(scheduleId)).containsExactly("scheduled", "scheduled");
        assertThat(f.get("payment-schedules", scheduleId)
                        .get("installments")
                        .get(0)
                        .get("invoice")
                        .isNull())
                .isTrue();
        runJobs();
        String third = installmentInvoice(scheduleId);
        assertThat(third).isNotIn(first, second);
        assertThat(dec(f.get("invoices", third).get("total"))).isEqualByComparingTo("100");
        payInFull(third);
        assertThat(installmentStatuses(scheduleId)).containsExactly("paid", "scheduled");
        assertThat(f.get("invoices", second).get("status").asString()).isEqualTo("void");
        assertThat(f.eventTypes(scheduleId))
                .containsExactly("schedule_deposit_ready", "schedule_installment_due", "schedule_installment_paid");
    }

    private String installmentInvoice(String scheduleId) {
        JsonNode installment =
                f.get("payment-schedules", scheduleId).get("installments").get(0);
        assertThat(installment.get("status").asString()).isEqualTo("invoiced");
        return installment.get("invoice").asString();
    }

    @Test
    void paymentTermsMustAddUp() {
        Api.Response noRemainder = api.post(
                "/api/proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Bad terms",
                        "lineItems",
                        List.of(line("x", 1, 100)),
                        "paymentTerms",
                        Map.of("installments", List.of(Map.of("type", "percent", "value", 50)))));
        assertThat(noRemainder.status()).isEqualTo(400);
        assertThat(noRemainder.errorPaths()).contains("paymentTerms.installments");

        Api.Response tooMuch = api.post(
                "/api/proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Too much",
                        "lineItems",
                        List.of(line("x", 1, 100)),
                        "paymentTerms",
                        Map.of(
                                "installments",
                                List.of(Map.of("type", "fixed", "value", 150), Map.of("type", "remainder")))));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.errorPaths()).contains("paymentTerms.installments");
    }

    // ------------------------------------------------------------------ helpers

    private List<String> installmentStatuses(String scheduleId) {
        List<String> out = new java.util.ArrayList<>();
        f.get("payment-schedules", scheduleId)
                .get("installments")
                .forEach(i -> out.add(i.get("status").asString()));
        return out;
    }

    private void payInFull(String invoiceId) {
        f.send(invoiceId);
        assertThat(f.pay(invoiceId, null).json().get("invoice").get("status").asString())
                .isEqualTo("paid");
    }

    private void runJobs() {
        expect(200, api.post("/api/testing/run-jobs", Map.of()));
    }
}
