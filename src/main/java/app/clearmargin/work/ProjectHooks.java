package app.clearmargin.work;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Projects: currency is their client's; scope item amounts are quantity × rate, rounded once. */
@Component
class ProjectHooks implements CollectionHooks {

    private final DocumentStore store;

    ProjectHooks(DocumentStore store) {
        this.store = store;
    }

    @Override
    public String collection() {
        return "projects";
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        return clientCurrency(draft).orElse(ctx.currency());
    }

    private java.util.Optional<String> clientCurrency(Doc project) {
        String client = project.ref("client");
        return client == null
                ? java.util.Optional.empty()
                : store.find("clients", client).map(c -> c.string("currency"));
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        if (draft.has("startDate")
                && draft.has("endDate")
                && !errors.has("endDate")
                && !errors.has("startDate")
                && draft.requiredDate("endDate").isBefore(draft.date("startDate"))) {
            errors.add("endDate", "endDate must not be before startDate.");
        }
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        if (existing == null || !draft.requiredRef("client").equals(existing.ref("client")) || !draft.has("currency")) {
            draft.put("currency", clientCurrency(draft).orElse(ctx.currency()));
        }
        String currency = draft.requiredString("currency");
        List<Map<String, Object>> items = new ArrayList<>();
        List<Map<String, Object>> given = draft.items("scopeItems");
        for (int i = 0; i < given.size(); i++) {
            Map<String, Object> copy = new LinkedHashMap<>(given.get(i));
            BigDecimal quantity = copy.get("quantity") instanceof BigDecimal q ? q : BigDecimal.ONE;
            BigDecimal rate = copy.get("rate") instanceof BigDecimal r ? r : null;
            copy.put(
                    "amount",
                    rate == null
                            ? null
                            : Money.of(quantity.multiply(rate), currency)
                                    .storableAt("scopeItems." + i + ".quantity")
                                    .plain());
            items.add(copy);
        }
        draft.put("scopeItems", items);
    }
}
