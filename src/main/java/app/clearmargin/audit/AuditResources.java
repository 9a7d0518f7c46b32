package app.clearmargin.audit;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Operation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code /api/audit-log}: read-only, scope {@code organization:read}. */
@Configuration(proxyBeanMethods = false)
class AuditResources {

    @Bean
    Collection auditLogCollection() {
        return Collection.define("audit-log")
                .singular("Audit Entry")
                .idPrefix("aud")
                .table("audit_log")
                .scope("organization")
                .description("Who changed what: one entry per successful write, kept one year")
                .fields(
                        object(
                                "actor",
                                text("apiKey").asReadOnly(),
                                text("name").asReadOnly(),
                                text("type").asReadOnly()),
                        text("action").asReadOnly(),
                        text("collection").asReadOnly(),
                        text("documentId").asReadOnly(),
                        json("changes"),
                        text("requestId").asReadOnly())
                .operations(Operation.LIST, Operation.READ)
                .cursorPaging()
                .build();
    }
}
