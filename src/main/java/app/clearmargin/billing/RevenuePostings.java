package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.ledger.Ledger;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.stereotype.Component;

/** The revenue a payment (positive) or refund (negative) posts to the ledger, in the same transaction. */
@Component
class RevenuePostings {

    private final Ledger ledger;

    RevenuePostings(Ledger ledger) {
        this.ledger = ledger;
    }

    void post(WriteContext ctx, Doc invoice, Doc payment, BigDecimal amount, Ledger.Revenue.Source source) {
        List<String> projects = invoice.refs("projects");
        ledger.postRevenue(
                ctx,
                new Ledger.Revenue(
                        amount,
                        invoice.requiredString("currency"),
                        ctx.today(),
                        (source == Ledger.Revenue.Source.REFUND ? "Refund of payment " : "Payment ") + payment.id()
                                + " on invoice " + invoice.string("number"),
                        projects.size() == 1 ? projects.getFirst() : null,
                        invoice.requiredRef("client"),
                        payment.id(),
                        source));
    }
}
