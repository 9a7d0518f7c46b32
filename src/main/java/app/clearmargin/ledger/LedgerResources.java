package app.clearmargin.ledger;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.collections.Collection;
import java.math.BigDecimal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cost and revenue ledger (API.md §3 transactions). */
@Configuration(proxyBeanMethods = false)
class LedgerResources {

    @Bean
    Collection transactionsCollection() {
        return Collection.define("transactions")
                .singular("Transaction")
                .idPrefix("txn")
                .description("Unified cost and revenue ledger")
                .fields(
                        optionalChoice("type", TransactionType.wires()).asRequired(),
                        positiveMoneyServerSigned("amount").asRequired(),
                        currency("currency"),
                        date("date").asRequired(),
                        text("description"),
                        text("vendor", 0, 200),
                        ref("category", "catalog-items"),
                        optionalChoice("scope", "project", "shared", "overhead"),
                        ref("project", "projects"),
                        items(
                                "allocations",
                                ref("project", "projects").asRequired(),
                                number("share", BigDecimal.ZERO, true, BigDecimal.ONE, 6)
                                        .asRequired()),
                        ref("client", "clients").asReadOnly(),
                        bool("billable").withDefault(false),
                        number("markupPercent", BigDecimal.ZERO, false, BigDecimal.valueOf(1000), 4),
                        ref("invoice", "invoices").asReadOnly(),
                        ref("payment", "payments").asReadOnly(),
                        choice("source", TransactionSource.wires()).asReadOnly())
                .build();
    }
}
