package app.clearmargin.events;

import java.util.List;

/** The 17 business events of API.md §5 (plus {@code ping}, sent only by the webhook test action). */
public final class EventTypes {

    public static final String PROPOSAL_SENT = "proposal_sent";
    public static final String PROPOSAL_EXPIRING = "proposal_expiring";
    public static final String PROPOSAL_ACCEPTED = "proposal_accepted";
    public static final String PROPOSAL_REJECTED = "proposal_rejected";
    public static final String PROPOSAL_EXPIRED = "proposal_expired";
    public static final String INVOICE_SENT = "invoice_sent";
    public static final String INVOICE_DUE_SOON = "invoice_due_soon";
    public static final String INVOICE_OVERDUE = "invoice_overdue";
    public static final String INVOICE_PAID = "invoice_paid";
    public static final String INVOICE_REFUNDED = "invoice_refunded";
    public static final String INVOICE_PAYMENT_FAILED = "invoice_payment_failed";
    public static final String INVOICE_DISPUTED = "invoice_disputed";
    public static final String SCHEDULE_DEPOSIT_READY = "schedule_deposit_ready";
    public static final String SCHEDULE_INSTALLMENT_DUE = "schedule_installment_due";
    public static final String SCHEDULE_INSTALLMENT_PAID = "schedule_installment_paid";
    public static final String SCHEDULE_COMPLETED = "schedule_completed";
    public static final String RECEIPT_SENT = "receipt_sent";
    public static final String PING = "ping";

    public static final List<String> ALL = List.of(
            PROPOSAL_SENT,
            PROPOSAL_EXPIRING,
            PROPOSAL_ACCEPTED,
            PROPOSAL_REJECTED,
            PROPOSAL_EXPIRED,
            INVOICE_SENT,
            INVOICE_DUE_SOON,
            INVOICE_OVERDUE,
            INVOICE_PAID,
            INVOICE_REFUNDED,
            INVOICE_PAYMENT_FAILED,
            INVOICE_DISPUTED,
            SCHEDULE_DEPOSIT_READY,
            SCHEDULE_INSTALLMENT_DUE,
            SCHEDULE_INSTALLMENT_PAID,
            SCHEDULE_COMPLETED,
            RECEIPT_SENT);

    private EventTypes() {}
}
