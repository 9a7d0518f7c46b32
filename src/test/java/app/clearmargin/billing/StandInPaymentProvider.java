package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * A payment provider that refuses refunds of {@link #REFUSED} and accepts any other, remembering what it was
 * asked ({@link ProviderPaymentsTest}). A bean of the one shared test context (found by the application's
 * component scan, so no second context is started); named apart from Stripe, so it never stands in for the
 * real one.
 */
@Component
class StandInPaymentProvider implements PaymentProvider {

    static final String NAME = "stand-in";
    static final Money REFUSED = Money.of(new BigDecimal("13.13"), "USD");
    static final String MESSAGE = "Charge ch_test has been disputed; it cannot be refunded.";

    record Call(String paymentId, Money amount, String refundId) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void refund(WriteContext ctx, Doc payment, Money amount, String refundId) {
        if (amount.compareTo(REFUSED) == 0) {
            throw ApiException.paymentProvider(MESSAGE);
        }
        calls.add(new Call(payment.id(), amount, refundId));
    }
}
