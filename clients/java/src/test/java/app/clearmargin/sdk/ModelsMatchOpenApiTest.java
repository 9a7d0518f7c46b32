package app.clearmargin.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.clearmargin.sdk.model.Address;
import app.clearmargin.sdk.model.Allocation;
import app.clearmargin.sdk.model.Card;
import app.clearmargin.sdk.model.Discount;
import app.clearmargin.sdk.model.LineItem;
import app.clearmargin.sdk.model.Rates;
import app.clearmargin.sdk.model.ScopeItem;
import app.clearmargin.sdk.model.ApiKey;
import app.clearmargin.sdk.model.AuditEntry;
import app.clearmargin.sdk.model.CalendarEvent;
import app.clearmargin.sdk.model.CatalogItem;
import app.clearmargin.sdk.model.Client;
import app.clearmargin.sdk.model.Contact;
import app.clearmargin.sdk.model.Event;
import app.clearmargin.sdk.model.Invoice;
import app.clearmargin.sdk.model.Member;
import app.clearmargin.sdk.model.Milestone;
import app.clearmargin.sdk.model.Payment;
import app.clearmargin.sdk.model.PaymentSchedule;
import app.clearmargin.sdk.model.Project;
import app.clearmargin.sdk.model.Proposal;
import app.clearmargin.sdk.model.Receipt;
import app.clearmargin.sdk.model.TimeEntry;
import app.clearmargin.sdk.model.Transaction;
import app.clearmargin.sdk.model.Webhook;
import app.clearmargin.sdk.model.WebhookDelivery;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hand-written models against {@code clients/openapi.json} (refreshed by update-openapi.sh):
 * every field of a schema is a record component and every component a field of the schema, with
 * dates, instants and money typed as the document says. A change of the server's document shows up
 * here as a list of what to add or change.
 */
class ModelsMatchOpenApiTest {

    private static final Map<Class<?>, String> SCHEMAS = new LinkedHashMap<>();

    static {
        SCHEMAS.put(Client.class, "Client");
        SCHEMAS.put(Contact.class, "Contact");
        SCHEMAS.put(Project.class, "Project");
        SCHEMAS.put(Member.class, "Member");
        SCHEMAS.put(TimeEntry.class, "TimeEntry");
        SCHEMAS.put(Transaction.class, "Transaction");
        SCHEMAS.put(CatalogItem.class, "CatalogItem");
        SCHEMAS.put(Milestone.class, "Milestone");
        SCHEMAS.put(CalendarEvent.class, "CalendarEvent");
        SCHEMAS.put(Invoice.class, "Invoice");
        SCHEMAS.put(Proposal.class, "Proposal");
        SCHEMAS.put(Payment.class, "Payment");
        SCHEMAS.put(Receipt.class, "Receipt");
        SCHEMAS.put(PaymentSchedule.class, "PaymentSchedule");
        SCHEMAS.put(Webhook.class, "Webhook");
        SCHEMAS.put(WebhookDelivery.class, "WebhookDelivery");
        SCHEMAS.put(Event.class, "Event");
        SCHEMAS.put(AuditEntry.class, "AuditEntry");
        SCHEMAS.put(ApiKey.class, "ApiKey");
    }

    /** Secrets shown once, in the answers of create/rotate only: the read schema need not list them. */
    private static final Set<String> WRITE_ONCE = Set.of("ApiKey.key", "Webhook.secret");

    private final JsonNode schemas;

    ModelsMatchOpenApiTest() throws IOException {
        schemas = new ObjectMapper().readTree(new File("../openapi.json")).path("components").path("schemas");
    }

    @Test
    void everyModelHasExactlyTheFieldsOfItsSchema() {
        List<String> drift = new ArrayList<>();
        SCHEMAS.forEach((type, name) -> compare(type, schemas.path(name), drift));
        compare(Address.class, property(schemas.path("Client"), "address"), drift);
        compare(Rates.class, property(schemas.path("Member"), "rates"), drift);
        compare(Discount.class, property(schemas.path("Invoice"), "discount"), drift);
        compare(Card.class, property(schemas.path("Payment"), "card"), drift);
        // Invoice and proposal lines share LineItem; only a proposal's line has a recipe snapshot.
        compare(
                LineItem.class,
                items(property(schemas.path("Invoice"), "lineItems")),
                drift,
                items(property(schemas.path("Proposal"), "lineItems")));
        compare(ScopeItem.class, items(property(schemas.path("Project"), "scopeItems")), drift);
        compare(Allocation.class, items(property(schemas.path("Transaction"), "allocations")), drift);
        assertEquals(List.of(), drift, "models differ from openapi.json");
    }

    /** Compares {@code type} with its schema; several schemas mean the record is their union. */
    private void compare(Class<?> type, JsonNode schema, List<String> drift, JsonNode... more) {
        Map<String, JsonNode> props = properties(schema);
        for (JsonNode m : more) {
            properties(m).forEach(props::putIfAbsent);
        }
        if (props.isEmpty()) {
            drift.add(type.getSimpleName() + ": no schema with properties");
            return;
        }
        Map<String, RecordComponent> comps = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            comps.put(c.getName(), c);
        }
        for (String p : props.keySet()) {
            if (!comps.containsKey(p)) {
                drift.add(type.getSimpleName() + "." + p + ": in the schema, not in the record");
            }
        }
        comps.forEach((n, c) -> {
            JsonNode p = props.get(n);
            if (p == null) {
                if (!WRITE_ONCE.contains(type.getSimpleName() + "." + n)) {
                    drift.add(type.getSimpleName() + "." + n + ": in the record, not in the schema");
                }
                return;
            }
            String text = resolve(p).toString();
            if (c.getType() == Instant.class && !text.contains("\"date-time\"")) {
                drift.add(type.getSimpleName() + "." + n + ": Instant but the schema says " + text);
            }
            if (c.getType() == LocalDate.class && !text.contains("\"date\"")) {
                drift.add(type.getSimpleName() + "." + n + ": LocalDate but the schema says " + text);
            }
            if (c.getType() == BigDecimal.class && !text.contains("\"number\"")) {
                drift.add(type.getSimpleName() + "." + n + ": BigDecimal but the schema says " + text);
            }
        });
    }

    private JsonNode property(JsonNode schema, String name) {
        JsonNode p = properties(schema).get(name);
        return p == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : p;
    }

    /** The item schema of an array schema (also inside a nullable anyOf/oneOf). */
    private JsonNode items(JsonNode schema) {
        JsonNode s = resolve(schema);
        if (s.has("items")) {
            return s.get("items");
        }
        for (String k : List.of("anyOf", "oneOf")) {
            for (JsonNode sub : s.path(k)) {
                if (resolve(sub).has("items")) {
                    return resolve(sub).get("items");
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The properties of an object schema, through $ref, allOf, oneOf and anyOf (nullable forms). */
    private Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode s = resolve(schema);
        s.path("properties").properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        for (String k : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode sub : s.path(k)) {
                out.putAll(properties(sub));
            }
        }
        return out;
    }

    /** Follows $ref (into components) and inlines refs one level down in anyOf/oneOf. */
    private JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return resolve(schemas.path(ref.substring(ref.lastIndexOf('/') + 1)));
        }
        return schema;
    }
}
