package app.clearmargin.billing;

import static app.clearmargin.support.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import app.clearmargin.shared.Money;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import tools.jackson.databind.JsonNode;

/**
 * The money properties through the real code path: invoices created over HTTP total exactly as the
 * model says in USD, JPY and BHD; random sequences of payments and refunds never refund more than
 * was paid and keep amountPaid, amountDue, status and the ledger in step with a model of the rules.
 */
class MoneyOverHttpPropertiesTest extends ApiTest {

    private Fixtures f;
    private final Map<String, String> clientsByCurrency = new LinkedHashMap<>();
    private String payer;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        for (String currency : List.of("USD", "JPY", "BHD")) {
            clientsByCurrency.put(currency, f.client(currency + " Client", Map.of("currency", currency)));
        }
        payer = clientsByCurrency.get("USD");
    }

    // ------------------------------------------------------------------ totals over HTTP

    @Test
    void invoiceTotalsOverHttpMatchTheModel() {
        qt().withExamples(60)
                .forAll(
                        MoneyPropertiesTest.CURRENCIES,
                        lists().of(MoneyPropertiesTest.LINES).ofSizeBetween(1, 8),
                        MoneyPropertiesTest.DISCOUNTS,
                        MoneyPropertiesTest.TAX_RATES)
                .checkAssert((currency, raw, discount, taxRate) -> {
                    int digits = Money.digits(currency);
                    List<TotalsModel.Line> lines =
                            raw.stream().map(l -> l.in(currency)).toList();
                    TotalsModel plain = TotalsModel.of(lines, null, null, taxRate, digits);
                    String discountType = discount.type();
                    BigDecimal discountValue = discount.value(currency);
                    if ("amount".equals(discountType)) {
                        if (plain.subtotal().signum() <= 0) {
                            discountType = null; // the API refuses an amount larger than the subtotal
                        } else {
                            discountValue = discountValue.min(plain.subtotal());
                        }
                    }
                    TotalsModel expected = TotalsModel.of(lines, discountType, discountValue, taxRate, digits);

                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("client", clientsByCurrency.get(currency));
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (int i = 0; i < lines.size(); i++) {
                        Map<String, Object> item = Fixtures.line(
                                "Line " + i,
                                lines.get(i).quantity(),
                                lines.get(i).rate());
                        item.put("taxable", lines.get(i).taxable());
                        items.add(item);
                    }
                    body.put("lineItems", items);
                    body.put("taxRate", taxRate);
                    if (discountType != null) {
                        body.put("discount", Map.of("type", discountType, "value", discountValue));
                    }
                    JsonNode invoice = f.create("invoices", body);

                    assertThat(invoice.get("currency").asString()).isEqualTo(currency);
                    for (int i = 0; i < lines.size(); i++) {
                        assertThat(dec(invoice.get("lineItems").get(i).get("amount")))
                                .isEqualByComparingTo(expected.lineAmounts().get(i));
                    }
                    assertThat(dec(invoice.get("subtotal"))).isEqualByComparingTo(expected.subtotal());
                    assertThat(dec(invoice.get("discountTotal"))).isEqualByComparingTo(expected.discountTotal());
                    assertThat(dec(invoice.get("taxTotal"))).isEqualByComparingTo(expected.taxTotal());
                    assertThat(dec(invoice.get("total"))).isEqualByComparingTo(expected.total());
                    assertThat(dec(invoice.get("amountDue"))).isEqualByComparingTo(expected.total());
                });
    }

    // ------------------------------------------------------------------ payments and refunds

    /** One action: kind 0 pays, 1 refunds; {@code choice} picks how the amount is given; {@code raw} sizes it. */
    record Step(int kind, int choice, long raw, int paymentIndex) {}

    static final Gen<Step> STEPS = integers()
            .between(0, 1)
            .zip(
                    integers().between(0, 3),
                    longs().between(0L, 1_000_000L),
                    integers().between(0, 7),
                    Step::new);

    /** What the rules say the invoice should look like (amounts in cents). */
    private static final class Model {
        final long total;
        long paid;
        String status = "sent";
        final List<long[]> payments = new ArrayList<>(); // {amount, refunded}
        final List<String> paymentIds = new ArrayList<>();

        Model(long total) {
            this.total = total;
        }

        long due() {
            return total - paid;
        }
    }

    /** How often each answer was seen, so the property cannot pass without exercising every rule. */
    private final Map<String, Integer> outcomes = new java.util.TreeMap<>();

    @Test
    void refundsNeverExceedPaymentsAndTheInvoiceFollowsTheRules() {
        // a fixed seed keeps CI reproducible; change it locally to explore other sequences
        qt().withFixedSeed(20260314L)
                .withExamples(40)
                .forAll(longs().between(1L, 100_000L), lists().of(STEPS).ofSizeBetween(1, 8))
                .checkAssert((totalCents, steps) -> {
                    Model model = new Model(totalCents);
                    String invoice = f.sentInvoice(payer, cents(totalCents));
                    for (Step step : steps) {
                        if (step.kind() == 0) {
                            pay(model, invoice, step);
                        } else if (!model.payments.isEmpty()) {
                            refund(model, step);
                        }
                        JsonNode now = f.get("invoices", invoice);
                        assertThat(now.get("status").asString())
                                .as("status after " + step)
                                .isEqualTo(model.status);
                        assertThat(dec(now.get("amountPaid"))).isEqualByComparingTo(cents(model.paid));
                        assertThat(dec(now.get("amountDue"))).isEqualByComparingTo(cents(model.due()));
                    }
                    long paidIn = 0;
                    long refunded = 0;
                    long ledger = 0;
                    for (int i = 0; i < model.payments.size(); i++) {
                        JsonNode payment = f.get("payments", model.paymentIds.get(i));
                        long amount = toCents(dec(payment.get("amount")));
                        long back = toCents(dec(payment.get("refundedAmount")));
                        assertThat(back).isBetween(0L, amount);
                        assertThat(new long[] {amount, back}).isEqualTo(model.payments.get(i));
                        paidIn += amount;
                        refunded += back;
                        for (JsonNode t : f.list("transactions", "payment", model.paymentIds.get(i))) {
                            ledger += toCents(dec(t.get("amount")));
                        }
                    }
                    assertThat(refunded).isLessThanOrEqualTo(paidIn);
                    assertThat(paidIn - refunded).isEqualTo(model.paid);
                    assertThat(ledger).as("revenue postings net of refunds").isEqualTo(model.paid);
                    assertThat(model.paid).isBetween(0L, model.total);
                });
        assertThat(outcomes.keySet())
                .containsExactly("pay 201", "pay 400", "pay 409", "refund 200", "refund 400", "refund 409");
    }

    private void pay(Model model, String invoice, Step step) {
        Long amount = switch (step.choice()) {
            case 0 -> null; // the amount due
            case 1 -> step.raw() % model.total + 1; // anything up to the total
            case 2 -> Math.max(model.due(), 1); // exactly what is due
            default -> model.due() + 1; // one cent too much
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("method", "card");
        if (amount != null) {
            body.put("amount", cents(amount));
        }
        Api.Response r = api.post("/api/invoices/" + invoice + "/payments?depth=0", body);
        outcomes.merge("pay " + r.status(), 1, Integer::sum);
        if (!model.status.equals("sent") && !model.status.equals("partially_paid")) {
            assertThat(r.status())
                    .as("paying a " + model.status + " invoice: " + r)
                    .isEqualTo(409);
            return;
        }
        long paying = amount == null ? model.due() : amount;
        if (paying > model.due()) {
            assertThat(r.status()).as("overpaying: " + r).isEqualTo(400);
            assertThat(r.errorPaths()).containsExactly("amount");
            return;
        }
        assertThat(r.status()).as("paying " + paying + ": " + r).isEqualTo(201);
        model.payments.add(new long[] {paying, 0});
        model.paymentIds.add(r.doc().get("id").asString());
        model.paid += paying;
        model.status = model.paid == model.total ? "paid" : "partially_paid";
    }

    private void refund(Model model, Step step) {
        int index = step.paymentIndex() % model.payments.size();
        long[] payment = model.payments.get(index);
        long refundable = payment[0] - payment[1];
        Long amount = switch (step.choice()) {
            case 0, 2 -> null; // everything still refundable
            case 1 -> step.raw() % payment[0] + 1; // anything up to the payment
            default -> refundable + 1; // one cent too much
        };
        Map<String, Object> body = new LinkedHashMap<>();
        if (amount != null) {
            body.put("amount", cents(amount));
        }
        Api.Response r = api.post("/api/payments/" + model.paymentIds.get(index) + "/refund?depth=0", body);
        outcomes.merge("refund " + r.status(), 1, Integer::sum);
        if (refundable == 0) {
            assertThat(r.status())
                    .as("refunding a fully refunded payment: " + r)
                    .isEqualTo(409);
            return;
        }
        long refunding = amount == null ? refundable : amount;
        if (refunding > refundable) {
            assertThat(r.status())
                    .as("refunding " + refunding + " of " + refundable + ": " + r)
                    .isEqualTo(400);
            assertThat(r.errorPaths()).containsExactly("amount");
            return;
        }
        assertThat(r.status()).as("refunding " + refunding + ": " + r).isEqualTo(200);
        payment[1] += refunding;
        model.paid -= refunding;
        model.status = model.paid == 0 ? "refunded" : "partially_paid";
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static long toCents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }
}
