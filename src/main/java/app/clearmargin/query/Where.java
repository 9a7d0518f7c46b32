package app.clearmargin.query;

import java.util.List;

/** The parsed {@code where} of a request: conditions combined with and/or, values already coerced. */
public sealed interface Where {

    record All(List<Where> parts) implements Where {
        public All {
            parts = List.copyOf(parts);
        }
    }

    record Any(List<Where> parts) implements Where {
        public Any {
            parts = List.copyOf(parts);
        }
    }

    /**
     * One condition. {@code values} holds one coerced value (or, for {@code in}/{@code not_in}, the list);
     * a value that can match nothing (an unknown enum value, a malformed id) is {@link Where#NO_MATCH}.
     */
    record Compare(QueryField field, Operator operator, List<Object> values) implements Where {
        public Compare {
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }
    }

    /** Marker value for a well-formed request that cannot match (enum value or id that does not exist). */
    Object NO_MATCH = new Object() {
        @Override
        public String toString() {
            return "NO_MATCH";
        }
    };
}
