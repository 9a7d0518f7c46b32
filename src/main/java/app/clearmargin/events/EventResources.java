package app.clearmargin.events;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Operation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code /api/events}: every event, kept 30 days; read with scope {@code webhooks:read}. */
@Configuration(proxyBeanMethods = false)
class EventResources {

    @Bean
    Collection eventsCollection() {
        return Collection.define("events")
                .singular("Event")
                .idPrefix("evt")
                .scope("webhooks")
                .description("Business events (the webhook payloads), kept 30 days")
                .fields(
                        text("type").asReadOnly(),
                        text("documentType").asReadOnly(),
                        text("documentId").asReadOnly(),
                        json("data"))
                .operations(Operation.LIST, Operation.READ)
                .cursorPaging()
                .build();
    }
}
