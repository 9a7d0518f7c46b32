package app.clearmargin.billing;

import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.Field;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.links.LinkKind;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.Organization;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The door of billing for other capabilities: proposals (which share billing's lines, totals,
 * numbering, recipients and payment schedules), the time sweeps (due soon, overdue, installments due)
 * and the demo. Behind it, package-private: {@link Recipients}, {@link Receipts}, {@link Schedules},
 * {@link RevenuePostings}, {@link DueDates}, {@link TimeBilling}, {@link Numbering}, {@link ProviderPayments}
 * and the invoice and payment hooks and actions.
 */
@Component
public class Billing {

    private final Recipients recipients;
    private final DueDates dueDates;
    private final Schedules schedules;
    private final Numbering numbering;
    private final DocumentStore store;
    private final Ids ids;
    private final PublicLinks publicLinks;
    private final ProviderPayments providerPayments;

    Billing(
            Recipients recipients,
            DueDates dueDates,
            Schedules schedules,
            Numbering numbering,
            DocumentStore store,
            Ids ids,
            PublicLinks publicLinks,
            ProviderPayments providerPayments) {
        this.recipients = recipients;
        this.dueDates = dueDates;
        this.schedules = schedules;
        this.numbering = numbering;
        this.store = store;
        this.ids = ids;
        this.publicLinks = publicLinks;
        this.providerPayments = providerPayments;
    }

    // ------------------------------------------------------------------ recipients

    /** The client, contact and recipient of an invoice or proposal, each read once. */
    public Parties parties(Doc document) {
        return recipients.of(document);
    }

    /**
     * Queues the e-mail sending {@code document} (of {@code collection}) to {@code recipient}, with its PDF,
     * in the caller's transaction.
     */
    public void mail(WriteContext ctx, Doc document, Parties parties, Doc recipient, String collection) {
        recipients.mail(ctx, document, parties, recipient, collection);
    }

    // ------------------------------------------------------------------ private links (API.md §8)

    /** Puts a new link's token into {@code draft} (a send) unless {@code existing} already has one. */
    public Doc withLink(WriteContext ctx, LinkKind kind, Doc existing, Doc draft) {
        return publicLinks.withLink(ctx, kind, existing, draft);
    }

    /** {@code rotate-link} of a document with a link (or that would have one). */
    public ActionResult rotateLink(ActionRequest request, LinkKind kind, String singular) {
        return publicLinks.rotate(request, kind, singular);
    }

    // ------------------------------------------------------------------ payment providers (API.md §9)

    /**
     * Records a payment a provider took (or failed to take) on invoice {@code invoiceId}, through the same
     * code as {@code POST /invoices/:id/payments}: receipt, ledger transaction, events, audit entry. A
     * succeeded payment is never refused: one that exceeds the amount due is recorded and the excess shows
     * as {@code amountOverpaid}. Returns ALREADY_RECORDED when a succeeded payment of the same provider and
     * reference exists, NOT_FOUND when the invoice does not.
     */
    public ProviderOutcome recordProviderPayment(WriteContext ctx, String invoiceId, ProviderPayment payment) {
        return providerPayments.pay(ctx, invoiceId, payment);
    }

    /**
     * Brings the refunded amount of the provider's payment {@code reference} up to {@code refundedInTotal}
     * (the provider's cumulative figure): a refund of the difference, or ALREADY_RECORDED when nothing is
     * newly refunded, NOT_FOUND when no succeeded payment has that reference (yet).
     */
    public ProviderOutcome recordProviderRefund(
            WriteContext ctx, String provider, String reference, Money refundedInTotal) {
        return providerPayments.refund(ctx, provider, reference, refundedInTotal);
    }

    /** Marks the provider's payment {@code reference} disputed (once), NOT_FOUND when it is not recorded (yet). */
    public ProviderOutcome recordProviderDispute(
            WriteContext ctx, String provider, String reference, @Nullable String reason) {
        return providerPayments.dispute(ctx, provider, reference, reason);
    }

    /** Whether payments are taken on the invoice now: sent, partially paid or overdue, with an amount due. */
    public static boolean acceptsPayments(Doc invoice) {
        return InvoiceActions.PAYABLE.contains(InvoiceStatus.of(invoice.requiredString("status")))
                && invoice.decimalOrZero("amountDue").signum() > 0;
    }

    // ------------------------------------------------------------------ the time sweeps

    /** Marks an unpaid, past-due invoice overdue and emits invoice_overdue once per due date. */
    public void markOverdue(WriteContext ctx, String invoiceId) {
        dueDates.markOverdue(ctx, invoiceId);
    }

    /** Emits invoice_due_soon once per invoice and due date. */
    public void dueSoon(WriteContext ctx, String invoiceId) {
        dueDates.dueSoon(ctx, invoiceId);
    }

    // ------------------------------------------------------------------ payment schedules

    /** The payment schedule of an accepted proposal with payment terms (its deposit invoiced when due at once). */
    public Doc createSchedule(WriteContext ctx, Doc proposal) {
        return schedules.create(ctx, proposal);
    }

    /** Invoices installment {@code number} of a schedule and emits {@code event} once for it. */
    public Doc invoiceInstallment(WriteContext ctx, Doc schedule, int number, String event) {
        return schedules.invoiceInstallment(ctx, schedule, number, event);
    }

    /** The project a converted proposal created, recorded on its schedule. */
    public void attachProject(WriteContext ctx, String proposalId, String projectId) {
        schedules.attachProject(ctx, proposalId, projectId);
    }

    // ------------------------------------------------------------------ what proposals share with invoices

    /**
     * The amount of each installment of a proposal's payment terms, as its schedule will invoice them
     * (the remainder absorbs rounding); empty without payment terms. Printed on the proposal.
     */
    @SuppressWarnings("unchecked")
    public static List<Money> installmentAmounts(Doc proposal) {
        List<Map<String, Object>> terms = proposal.object("paymentTerms")
                .map(t -> (List<Map<String, Object>>) t.get("installments"))
                .orElse(List.of());
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        return Installments.split(
                Money.of(proposal.decimalOrZero("total"), proposal.requiredString("currency")), terms);
    }

    /** The next proposal number (PROP-0001), gapless per organization, in the caller's transaction. */
    public String nextProposalNumber(Organization organization) {
        return numbering.next(organization, Numbering.Kind.PROPOSAL);
    }

    /** {@code lineItems} of an invoice, or of a proposal (which adds the recipe snapshot). */
    public static Field lineItemsField(boolean withRecipe) {
        return LineItems.field(withRecipe);
    }

    /** Tax rate, discount and the read-only totals. */
    public static List<Field> moneyFields() {
        return LineItems.moneyFields();
    }

    /** The totals of a draft invoice or proposal from its current lines, discount and tax rate. */
    public static Totals totals(Doc document, String currency) {
        return LineItems.totals(document, currency);
    }

    /** Line ids, rates from the catalog when missing, line amounts and the totals, stored in the draft. */
    public void priceLines(Doc draft, String currency) {
        LineItems.apply(
                draft, currency, ids, id -> store.find("catalog-items", id).orElse(null));
    }

    /** A discount has a type and a value; a percentage is at most 100, an amount at most the subtotal. */
    public static void checkDiscount(Doc draft, String currency, Errors errors) {
        BillingRules.checkDiscount(draft, currency, errors);
    }

    /** Problems with payment terms as (path, message) pairs; none when they can make a schedule of {@code total}. */
    public static List<String[]> installmentProblems(List<Map<String, Object>> terms, Money total) {
        return Installments.problems(terms, total);
    }
}
