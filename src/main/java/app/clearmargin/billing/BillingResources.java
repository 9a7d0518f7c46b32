package app.clearmargin.billing;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.collections.Action;
import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Field;
import app.clearmargin.collections.Operation;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Invoices, payments, receipts and payment schedules (API.md §3, §4). */
@Configuration(proxyBeanMethods = false)
class BillingResources {

    @Bean
    Collection invoicesCollection() {
        List<Field> fields = new ArrayList<>(List.of(
                text("number").asReadOnly(),
                ref("client", "clients").asRequired(),
                ref("contact", "contacts"),
                refMany("projects", "projects"),
                choice("status", InvoiceStatus.wires()).asReadOnly(),
                date("issueDate"),
                date("dueDate"),
                currency("currency"),
                LineItems.field(false)));
        fields.addAll(LineItems.moneyFields());
        fields.addAll(List.of(
                money("amountPaid").asReadOnly(),
                money("amountDue").asReadOnly(),
                money("amountOverpaid").asReadOnly(),
                text("notes"),
                text("terms"),
                instant("sentAt").asReadOnly(),
                link("publicUrl", "public_token"),
                instant("paidAt").asReadOnly(),
                instant("voidedAt").asReadOnly(),
                ref("proposal", "proposals").asReadOnly(),
                ref("paymentSchedule", "payment-schedules").asReadOnly(),
                integer("installment", 1, 1000).asReadOnly(),
                choice("laborDisplay", "itemized", "consolidated")));
        return Collection.define("invoices")
                .singular("Invoice")
                .idPrefix("inv")
                .description("Client invoices and billing")
                .fields(fields.toArray(Field[]::new))
                .action(Action.named("send", "invoices").summarized("Send an invoice"))
                .action(Action.named("void", "invoices").summarized("Void an invoice"))
                .action(Action.named("payments", "payments")
                        .summarized("Record a payment on an invoice")
                        .acceptingCreateOf("payments", "invoice")
                        .creating("payments")
                        .alsoAnswering("invoice", "invoices"))
                .action(Action.named("rotate-link", "invoices").summarized("Rotate the public link of an invoice"))
                .collectionAction(Action.named("generate", "invoices")
                        .summarized("Generate an invoice from unbilled time")
                        .accepting(TimeBilling.BODY)
                        .creating("invoices"))
                .build();
    }

    @Bean
    Collection paymentsCollection() {
        return Collection.define("payments")
                .singular("Payment")
                .idPrefix("pay")
                .description("Payments on invoices (recorded with POST /invoices/:id/payments; immutable)")
                .fields(
                        ref("invoice", "invoices").asRequired(),
                        positiveMoney("amount"),
                        text("currency").asReadOnly(),
                        optionalChoice("method", "card", "bank_transfer", "check", "cash", "other")
                                .asRequired(),
                        choice("status", PaymentStatus.wires()),
                        instant("paidAt"),
                        text("reference", 0, 200),
                        object(
                                "card",
                                text("brand", 0, 50),
                                pattern("last4", "\\d{4}", "This field must be the last four digits of the card.")),
                        text("failureReason", 0, 500),
                        money("refundedAmount").asReadOnly(),
                        bool("disputed").asReadOnly().withDefault(false),
                        optionalChoice("provider", ProviderPayments.STRIPE).asReadOnly())
                .operations(Operation.LIST, Operation.READ)
                .action(Action.named("refund", "payments")
                        .summarized("Refund a payment")
                        .accepting(PaymentActions.REFUND)
                        .refusing(
                                402,
                                "PaymentProviderError: the payment's provider (Stripe) refused the refund; its "
                                        + "message says why. Nothing was recorded."))
                .action(Action.named("dispute", "payments")
                        .summarized("Record a dispute of a payment")
                        .accepting(PaymentActions.DISPUTE))
                .build();
    }

    @Bean
    Collection receiptsCollection() {
        return Collection.define("receipts")
                .singular("Receipt")
                .idPrefix("rcpt")
                .description("Receipts for succeeded payments")
                .fields(
                        text("number").asReadOnly(),
                        ref("invoice", "invoices").asReadOnly(),
                        ref("payment", "payments").asReadOnly(),
                        money("amount").asReadOnly(),
                        text("currency").asReadOnly(),
                        instant("issuedAt").asReadOnly(),
                        instant("sentAt").asReadOnly(),
                        link("publicUrl", "public_token"))
                .operations(Operation.LIST, Operation.READ)
                .action(Action.named("send", "receipts").summarized("Send a receipt"))
                .action(Action.named("rotate-link", "receipts").summarized("Rotate the public link of a receipt"))
                .build();
    }

    @Bean
    Collection paymentSchedulesCollection() {
        return Collection.define("payment-schedules")
                .singular("Payment Schedule")
                .idPrefix("sched")
                .description("Installment plans created when a proposal with payment terms is accepted")
                .fields(
                        ref("proposal", "proposals").asReadOnly(),
                        ref("project", "projects").asReadOnly(),
                        ref("client", "clients").asReadOnly(),
                        choice("status", ScheduleStatus.wires()).asReadOnly(),
                        money("total").asReadOnly(),
                        text("currency").asReadOnly(),
                        items(
                                        "installments",
                                        integer("number", 1, 1000).asReadOnly(),
                                        text("label").asReadOnly(),
                                        money("amount").asReadOnly(),
                                        date("dueDate").asReadOnly(),
                                        choice("status", InstallmentStatus.wires())
                                                .asReadOnly(),
                                        ref("invoice", "invoices").asReadOnly())
                                .asReadOnly())
                .operations(Operation.LIST, Operation.READ)
                .build();
    }
}
