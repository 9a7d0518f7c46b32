package app.clearmargin.proposals;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.billing.Billing;
import app.clearmargin.collections.Action;
import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Field;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Proposals and their lifecycle actions (API.md §3, §4). */
@Configuration(proxyBeanMethods = false)
class ProposalResources {

    @Bean
    Collection proposalsCollection() {
        List<Field> fields = new ArrayList<>(List.of(
                text("number").asReadOnly(),
                ref("client", "clients").asRequired(),
                ref("contact", "contacts"),
                text("title", 1, 200).asRequired(),
                choice("status", ProposalStatus.wires()).asReadOnly(),
                date("issueDate"),
                date("expiresAt"),
                date("eventDate"),
                currency("currency"),
                Billing.lineItemsField(true)));
        fields.addAll(Billing.moneyFields());
        fields.addAll(List.of(
                text("notes"),
                text("terms"),
                object(
                        "paymentTerms",
                        items(
                                "installments",
                                text("label", 0, 200),
                                optionalChoice("type", "percent", "fixed", "remainder")
                                        .asRequired(),
                                number("value", java.math.BigDecimal.ZERO, false, null, 4),
                                choice("dueOn", "acceptance", "date"),
                                integer("offsetDays", 0, 3650),
                                date("date"))),
                instant("sentAt").asReadOnly(),
                link("publicUrl", "public_token"),
                instant("acceptedAt").asReadOnly(),
                instant("rejectedAt").asReadOnly(),
                instant("expiredAt").asReadOnly(),
                text("rejectionReason").asReadOnly(),
                // API.md §8: written by the client's accept/reject through the proposal's link
                json("acceptance"),
                json("rejection"),
                ref("project", "projects").asReadOnly()));
        return Collection.define("proposals")
                .singular("Proposal")
                .idPrefix("prop")
                .description("Client proposals with line items")
                .fields(fields.toArray(Field[]::new))
                .action(Action.named("send", "proposals").summarized("Send a proposal"))
                .action(Action.named("accept", "proposals").summarized("Accept a proposal"))
                .action(Action.named("reject", "proposals")
                        .summarized("Reject a proposal")
                        .accepting(ProposalActions.REJECT))
                .action(Action.named("convert", "proposals")
                        .summarized("Convert a proposal into a project")
                        .creating("projects"))
                .action(Action.named("duplicate", "proposals")
                        .summarized("Duplicate a proposal")
                        .creating("proposals"))
                .action(Action.named("rotate-link", "proposals").summarized("Rotate the public link of a proposal"))
                .build();
    }
}
