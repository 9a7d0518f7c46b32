package app.clearmargin.billing;

import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.TenantScope;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * Per-organization document numbers (INV-0001, PROP-0001, RCPT-0001). The counter row is
 * incremented inside the creating transaction: concurrent creators queue on its row lock, and a
 * rollback gives the number back, so numbers are unique and gapless.
 */
@Component
class Numbering {

    enum Kind {
        INVOICE,
        PROPOSAL,
        RECEIPT
    }

    private final DSLContext db;

    Numbering(DSLContext db) {
        this.db = db;
    }

    String next(Organization org, Kind kind) {
        long n = db.resultQuery(
                        """
                        INSERT INTO number_sequences (organization_id, kind, next_value) VALUES ({0}, {1}, 2)
                        ON CONFLICT (organization_id, kind) DO UPDATE SET next_value = number_sequences.next_value + 1
                        RETURNING next_value - 1""",
                        DSL.val(TenantScope.organizationId()),
                        DSL.val(kind.name().toLowerCase()))
                .fetchOne(0, Long.class);
        String prefix = switch (kind) {
            case INVOICE -> org.invoicePrefix();
            case PROPOSAL -> org.proposalPrefix();
            case RECEIPT -> org.receiptPrefix();
        };
        return prefix + pad(n, org.numberWidth());
    }

    static String pad(long n, int width) {
        String digits = Long.toString(n);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
