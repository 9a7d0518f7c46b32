package app.clearmargin.events;

import app.clearmargin.collections.Doc;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code data} of an event (API.md §5): the document, its amount and currency, the client and
 * the contact (or null); callers add the fields of their event.
 */
final class EventData {

    private EventData() {}

    static Map<String, Object> of(
            String documentType,
            String documentId,
            String documentNumber,
            BigDecimal amount,
            String currency,
            @Nullable Doc client,
            @Nullable Doc contact) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("documentType", documentType);
        data.put("documentId", documentId);
        data.put("documentNumber", documentNumber);
        data.put("amount", amount);
        data.put("currency", currency);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", client == null ? null : client.id());
        c.put("name", client == null ? null : client.string("name"));
        data.put("client", c);
        if (contact == null) {
            data.put("contact", null);
        } else {
            Map<String, Object> ct = new LinkedHashMap<>();
            ct.put("id", contact.id());
            ct.put("name", contact.string("name"));
            ct.put("email", contact.string("email"));
            data.put("contact", ct);
        }
        return data;
    }
}
