package app.clearmargin.catalog;

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

/**
 * Catalog items: a recipe component names a catalog item or a free name; its unit cost defaults to
 * that item's rate. Recipe cost and calculated price are derived; with pricing mode "calculated" the
 * default rate follows the calculated price.
 */
@Component
class CatalogItemHooks implements CollectionHooks {

    private final DocumentStore store;

    CatalogItemHooks(DocumentStore store) {
        this.store = store;
    }

    @Override
    public String collection() {
        return "catalog-items";
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        return draft.has("currency") ? draft.requiredString("currency") : ctx.currency();
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        Object id = draft.get("id"); // none yet on create: validation runs before the id is assigned
        List<Map<String, Object>> components = components(draft);
        for (int i = 0; i < components.size(); i++) {
            Map<String, Object> c = components.get(i);
            String path = "recipe.components." + i;
            if (c.get("catalogItem") == null
                    && (c.get("name") == null || c.get("name").toString().isBlank())
                    && !errors.has(path)) {
                errors.add(path + ".name", "A component names a catalogItem or has a name.");
            }
            if (id != null && id.equals(c.get("catalogItem"))) {
                errors.add(path + ".catalogItem", "An item cannot be a component of itself.");
            }
        }
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        if (!draft.has("currency")) {
            draft.put("currency", ctx.currency());
        }
        String currency = draft.requiredString("currency");
        Map<String, Object> recipe = draft.object("recipe").orElse(null);
        if (recipe == null
                || recipe.values().stream().allMatch(x -> x == null || (x instanceof List<?> l && l.isEmpty()))) {
            draft.put("recipeCost", null);
            draft.put("calculatedPrice", null);
            return;
        }
        List<Map<String, Object>> components = new ArrayList<>();
        for (Map<String, Object> c : components(draft)) {
            Map<String, Object> copy = new LinkedHashMap<>(c);
            if (copy.get("unitCost") == null && copy.get("catalogItem") != null) {
                copy.put(
                        "unitCost",
                        store.find("catalog-items", copy.get("catalogItem").toString())
                                .map(item -> item.decimal("defaultRate"))
                                .orElse(null));
            }
            components.add(copy);
        }
        Map<String, Object> newRecipe = new LinkedHashMap<>(recipe);
        newRecipe.put("components", components);
        draft.put("recipe", newRecipe);
        Recipe r = new Recipe(components, decimal(recipe.get("laborHours")), decimal(recipe.get("laborRate")));
        r.requireStorable(currency);
        BigDecimal price = Money.of(r.calculatedPrice(), currency).plain();
        draft.put("recipeCost", Money.of(r.cost(), currency).plain());
        draft.put("calculatedPrice", price);
        if ("calculated".equals(recipe.get("pricingMode"))) {
            draft.put("defaultRate", price);
        }
    }

    private static List<Map<String, Object>> components(Doc draft) {
        return draft.object("recipe")
                .map(r -> {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> list = (List<Map<String, Object>>) r.get("components");
                    return list == null ? List.<Map<String, Object>>of() : list;
                })
                .orElse(List.of());
    }

    private static @Nullable BigDecimal decimal(@Nullable Object v) {
        return v instanceof BigDecimal d ? d : null;
    }
}
