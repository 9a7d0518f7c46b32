package app.clearmargin.sdk;

import app.clearmargin.sdk.model.Invoice;
import app.clearmargin.sdk.model.Payment;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code /api/invoices} and its actions. */
public final class Invoices extends Resource<Invoice> {

    Invoices(Transport transport) {
        super(transport, "invoices", Invoice.class);
    }

    /** {@code POST /invoices/:id/send}: draft or sent → sent; e-mails the contact; {@code invoice_sent}. */
    public Invoice send(String id) {
        return send(id, RequestOptions.none()).doc();
    }

    public Result<Invoice> send(String id, RequestOptions options) {
        return action(id, "send", null, options, Invoice.class);
    }

    /** {@code POST /invoices/:id/void} ({@code void} is a Java keyword): only without payments. */
    public Invoice voidInvoice(String id) {
        return voidInvoice(id, RequestOptions.none()).doc();
    }

    public Result<Invoice> voidInvoice(String id, RequestOptions options) {
        return action(id, "void", null, options, Invoice.class);
    }

    /**
     * {@code POST /invoices/:id/payments} (201): records a payment — {@code amount} (default: the
     * amount due), {@code method}, {@code paidAt}, {@code reference}, {@code card}, {@code status}.
     * The answer's {@code doc} is the payment; the updated invoice is beside it.
     */
    public PaymentResult recordPayment(String id, Map<String, ?> body) {
        return recordPayment(id, body, RequestOptions.none());
    }

    public PaymentResult recordPayment(String id, Map<String, ?> body, RequestOptions options) {
        Result<Payment> r = action(id, "payments", body, options, Payment.class);
        return new PaymentResult(r.doc(), r.extra("invoice", Invoice.class).orElse(null), r);
    }

    /** A recorded payment and the invoice it changed. */
    public record PaymentResult(Payment payment, @Nullable Invoice invoice, Result<Payment> result) {}

    /**
     * {@code POST /invoices/generate} (201): a draft invoice from the projects' unbilled billable time
     * and expenses in {@code [from, to]} (dates {@code YYYY-MM-DD}); 409 when there is nothing to bill.
     */
    public Invoice generate(List<String> projects, String from, String to) {
        return generate(Map.of("projects", projects, "from", from, "to", to), RequestOptions.none()).doc();
    }

    /** {@link #generate(List, String, String)} with the whole body ({@code laborDisplay} too). */
    public Result<Invoice> generate(Map<String, ?> body, RequestOptions options) {
        return result(transport.request("POST", "/api/invoices/generate", List.of(), body, options), Invoice.class);
    }
}
