package app.clearmargin.collections;

import app.clearmargin.query.Param;
import app.clearmargin.shared.ApiException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The reading parameters of API.md §2: limit (default 10, clamped to 100), page (≥ 1), depth
 * (0–3, default 1, clamped), sort, select, where, how a page is counted ({@code count}), and the cursor
 * of §10 ({@code startingAfter} or {@code endingBefore}). Empty values count as absent.
 */
record ListParams(
        int limit,
        int page,
        int depth,
        Optional<String> sort,
        Selection select,
        @Nullable Param where,
        Count count,
        @Nullable Cursor cursor) {

    /**
     * How a page-numbered list states {@code totalDocs}: counted ({@code exact}, the default), the planner's
     * row estimate ({@code estimate}), or not at all ({@code none}). Counting a filter that matches millions
     * of rows costs a scan of them; the other two modes cost a plan or nothing.
     */
    enum Count {
        EXACT,
        ESTIMATE,
        NONE;

        static final String PARAMETER = "count";

        String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The parameter's values, as a client writes them: exact, estimate, none. */
        static List<String> names() {
            return java.util.Arrays.stream(values()).map(Count::value).toList();
        }
    }

    /**
     * A position in a log read newest first: {@code startingAfter=X} asks for the rows older than X (the next
     * page), {@code endingBefore=X} for the rows newer than X (the previous page).
     *
     * @param parameter the parameter that carried it, named in every error about it
     */
    record Cursor(String parameter, String id, boolean older) {
        static final String STARTING_AFTER = "startingAfter";
        static final String ENDING_BEFORE = "endingBefore";
    }

    /**
     * {@code select[field]=true} names fields to return, {@code select[field]=false} fields to leave
     * out (Payload's two modes: any {@code true} means only the true ones are returned).
     */
    record Selection(List<String> included, List<String> excluded) {

        static final Selection ALL = new Selection(List.of(), List.of());

        /** The fields to render out of {@code available}; empty means all of them. */
        List<String> fields(List<String> available) {
            if (!included.isEmpty() || excluded.isEmpty()) {
                return included;
            }
            List<String> kept =
                    available.stream().filter(f -> !excluded.contains(f)).toList();
            return kept.isEmpty() ? List.of("id") : kept; // the id is always rendered
        }

        List<String> named() {
            List<String> all = new ArrayList<>(included);
            all.addAll(excluded);
            return all;
        }
    }

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_DEPTH = 1;
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    static ListParams from(Param.Group query) {
        if (single(query, "pagination").filter(v -> v.equalsIgnoreCase("false")).isPresent()) {
            throw ApiException.badRequest(
                    "pagination=false is not supported: pages hold at most " + MAX_LIMIT + " documents.");
        }
        int limit = single(query, "limit")
                .map(v -> {
                    BigInteger n = integer("limit", v);
                    if (n.signum() < 1) {
                        throw ApiException.badRequest("limit must be an integer of at least 1.");
                    }
                    return n.compareTo(BigInteger.valueOf(MAX_LIMIT)) > 0 ? MAX_LIMIT : n.intValue();
                })
                .orElse(DEFAULT_LIMIT);
        int page = single(query, "page")
                .map(v -> {
                    BigInteger n = integer("page", v);
                    if (n.signum() < 1 || n.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
                        throw ApiException.badRequest("page must be an integer from 1 to 2147483647.");
                    }
                    return n.intValue();
                })
                .orElse(1);
        Cursor cursor = cursor(query);
        if (cursor != null && single(query, "page").isPresent()) {
            throw ApiException.query(
                    cursor.parameter(),
                    cursor.parameter() + " cannot be combined with page: a cursor already says where the page "
                            + "starts. Leave page out.");
        }
        Optional<String> countGiven = single(query, Count.PARAMETER);
        if (cursor != null && countGiven.isPresent()) {
            throw ApiException.query(
                    Count.PARAMETER,
                    "count cannot be combined with " + cursor.parameter() + ": cursor pages are never counted, "
                            + "hasMore says whether there are more. Leave count out.");
        }
        return new ListParams(
                limit,
                page,
                depth(query),
                sort(query),
                select(query),
                query.get("where").orElse(null),
                countGiven.map(ListParams::count).orElse(Count.EXACT),
                cursor);
    }

    private static Count count(String value) {
        for (Count mode : Count.values()) {
            if (mode.value().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw ApiException.query(
                Count.PARAMETER,
                "count must be one of " + String.join(", ", Count.names()) + "; "
                        + (value.length() > 40 ? "\"" + value.substring(0, 40) + "…\"" : "\"" + value + "\"")
                        + " is not.");
    }

    private static @Nullable Cursor cursor(Param.Group query) {
        Optional<String> after = single(query, Cursor.STARTING_AFTER);
        Optional<String> before = single(query, Cursor.ENDING_BEFORE);
        if (after.isPresent() && before.isPresent()) {
            throw ApiException.query(
                    Cursor.STARTING_AFTER,
                    "startingAfter and endingBefore cannot be used together: give startingAfter for the next "
                            + "(older) page or endingBefore for the previous (newer) one.");
        }
        if (after.isPresent()) {
            return new Cursor(Cursor.STARTING_AFTER, after.get(), true);
        }
        return before.map(id -> new Cursor(Cursor.ENDING_BEFORE, id, false)).orElse(null);
    }

    static int depth(Param.Group query) {
        return single(query, "depth")
                .map(v -> {
                    BigInteger n = integer("depth", v);
                    if (n.signum() < 0) {
                        throw ApiException.badRequest(
                                "depth must be an integer from 0 to " + Populator.MAX_DEPTH + ".");
                    }
                    return n.compareTo(BigInteger.valueOf(Populator.MAX_DEPTH)) > 0
                            ? Populator.MAX_DEPTH
                            : n.intValue();
                })
                .orElse(DEFAULT_DEPTH);
    }

    /** A parameter that takes one value (empty counts as absent); given twice or with brackets it is a 400. */
    private static Optional<String> single(Param.Group query, String name) {
        if (query.get(name).filter(Param.Group.class::isInstance).isPresent()) {
            throw ApiException.badRequest(
                    name + " takes a single value; it was given more than once or with brackets.");
        }
        return query.value(name);
    }

    /** {@code sort=-dueDate,number}, or the same keys as a list ({@code sort[0]=-dueDate&sort[1]=number}). */
    private static Optional<String> sort(Param.Group query) {
        if (query.get("sort").orElse(null) instanceof Param.Group list) {
            List<String> keys = new ArrayList<>();
            list.children().values().forEach(p -> {
                if (!(p instanceof Param.Value(String key))) {
                    throw ApiException.badRequest("sort takes field names: sort=-dueDate,number.");
                }
                keys.add(key);
            });
            return Optional.of(String.join(",", keys)).filter(k -> !k.isEmpty());
        }
        return query.value("sort");
    }

    private static BigInteger integer(String name, String v) {
        if (!INTEGER.matcher(v.trim()).matches()) {
            throw ApiException.badRequest(name + " must be an integer.");
        }
        return new BigInteger(v.trim());
    }

    private static Selection select(Param.Group query) {
        Optional<Param> p = query.get("select");
        if (p.isEmpty()) {
            return Selection.ALL;
        }
        if (!(p.get() instanceof Param.Group g)) {
            throw ApiException.badRequest("select uses brackets: select[name]=true.");
        }
        List<String> included = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        g.children().forEach((k, v) -> {
            if (!(v instanceof Param.Value(String value))) {
                included.add(k); // select[address][city]=true: the whole object
            } else if (value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1")) {
                included.add(k);
            } else if (value.equalsIgnoreCase("false") || value.equals("0")) {
                excluded.add(k);
            } else {
                throw ApiException.badRequest("select[" + k + "] must be true or false.");
            }
        });
        return new Selection(List.copyOf(included), List.copyOf(excluded));
    }

    long offset() {
        return (long) (page - 1) * limit;
    }
}
