package app.clearmargin.sdk;

import app.clearmargin.sdk.model.Payment;
import java.util.Map;

/** {@code /api/payments} (create payments with {@link Invoices#recordPayment}); refunds and disputes. */
public final class Payments extends Resource<Payment> {

    Payments(Transport transport) {
        super(transport, "payments", Payment.class);
    }

    /** {@code POST /payments/:id/refund} {@code {amount (default: all), reason}}. */
    public Payment refund(String id, Map<String, ?> body) {
        return refund(id, body, RequestOptions.none()).doc();
    }

    public Result<Payment> refund(String id, Map<String, ?> body, RequestOptions options) {
        return action(id, "refund", body, options, Payment.class);
    }

    /** {@code POST /payments/:id/dispute} {@code {reason}}. */
    public Payment dispute(String id, Map<String, ?> body) {
        return action(id, "dispute", body, RequestOptions.none(), Payment.class).doc();
    }
}
