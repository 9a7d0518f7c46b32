package app.clearmargin.query;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The operators of the {@code where} language (API.md §2) and the kinds each applies to. */
public enum Operator {
    EQUALS("equals", EnumSet.allOf(ValueKind.class)),
    NOT_EQUALS("not_equals", EnumSet.allOf(ValueKind.class)),
    GREATER_THAN("greater_than", Kinds.ORDERED),
    GREATER_THAN_EQUAL("greater_than_equal", Kinds.ORDERED),
    LESS_THAN("less_than", Kinds.ORDERED),
    LESS_THAN_EQUAL("less_than_equal", Kinds.ORDERED),
    LIKE("like", EnumSet.of(ValueKind.TEXT, ValueKind.ENUM)),
    CONTAINS("contains", EnumSet.of(ValueKind.TEXT, ValueKind.ENUM, ValueKind.ID_LIST, ValueKind.TEXT_LIST)),
    IN("in", EnumSet.allOf(ValueKind.class)),
    NOT_IN("not_in", EnumSet.allOf(ValueKind.class)),
    EXISTS("exists", EnumSet.allOf(ValueKind.class));

    private final String wireName;
    private final String camelCaseName;
    private final Set<ValueKind> appliesTo;

    Operator(String wireName, Set<ValueKind> appliesTo) {
        this.wireName = wireName;
        this.camelCaseName = camelCase(wireName);
        this.appliesTo = appliesTo;
    }

    public String wireName() {
        return wireName;
    }

    private static String camelCase(String wireName) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char ch : wireName.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }

    public boolean appliesTo(ValueKind kind) {
        return appliesTo.contains(kind);
    }

    public boolean takesList() {
        return this == IN || this == NOT_IN;
    }

    /** The wire names of the operators that apply to {@code kind}, in the order of API.md §2. */
    public static java.util.List<String> applyingTo(ValueKind kind) {
        return java.util.Arrays.stream(values())
                .filter(op -> op.appliesTo(kind))
                .map(Operator::wireName)
                .toList();
    }

    /**
     * The operator named {@code name}: its wire name ({@code not_equals}) or the same in camelCase
     * ({@code notEquals}), which clients generated with default naming (openapi-generator's
     * typescript-fetch) send for the filter models' properties.
     */
    public static Optional<Operator> byWireName(String name) {
        for (Operator op : values()) {
            if (op.wireName.equals(name) || op.camelCaseName.equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    private static final class Kinds {
        static final Set<ValueKind> ORDERED = EnumSet.of(ValueKind.NUMBER, ValueKind.DATE, ValueKind.INSTANT);
    }
}
