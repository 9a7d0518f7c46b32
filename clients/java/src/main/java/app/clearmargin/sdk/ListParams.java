package app.clearmargin.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parameters of a list: {@code where}, {@code sort}, {@code select}, {@code depth}, {@code limit},
 * {@code page}, {@code count}, and the cursors of the log collections ({@code startingAfter},
 * {@code endingBefore}).
 *
 * <pre>{@code
 * ListParams p = ListParams.builder()
 *     .where(Where.field("status").equalTo("sent"))
 *     .sort("-dueDate", "number")
 *     .select("number", "total")
 *     .depth(0)
 *     .limit(50)
 *     .build();
 * }</pre>
 */
public record ListParams(
        @Nullable Where where,
        List<String> sort,
        List<String> select,
        @Nullable Integer depth,
        @Nullable Integer limit,
        @Nullable Integer page,
        @Nullable Count count,
        @Nullable String startingAfter,
        @Nullable String endingBefore) {

    /** How a page's {@code totalDocs} is counted. */
    public enum Count {
        /** Every match counted (the default). */
        EXACT,
        /** The database planner's estimate; the page says {@code totalDocsEstimated}. */
        ESTIMATE,
        /** Not counted: {@code totalDocs} and {@code totalPages} are null, {@code hasNextPage} stays exact. */
        NONE
    }

    public ListParams {
        sort = List.copyOf(sort);
        select = List.copyOf(select);
    }

    /** No parameters: the server's defaults (limit 10, sort {@code -createdAt}, depth 1). */
    public static ListParams none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.where = where;
        b.sort = new ArrayList<>(sort);
        b.select = new ArrayList<>(select);
        b.depth = depth;
        b.limit = limit;
        b.page = page;
        b.count = count;
        b.startingAfter = startingAfter;
        b.endingBefore = endingBefore;
        return b;
    }

    List<Map.Entry<String, String>> toQuery() {
        List<Map.Entry<String, String>> q = new ArrayList<>();
        if (where != null) {
            q.addAll(where.toParams());
        }
        if (!sort.isEmpty()) {
            q.add(Map.entry("sort", String.join(",", sort)));
        }
        for (String f : select) {
            q.add(Map.entry("select[" + f + "]", "true"));
        }
        if (depth != null) {
            q.add(Map.entry("depth", depth.toString()));
        }
        if (limit != null) {
            q.add(Map.entry("limit", limit.toString()));
        }
        if (page != null) {
            q.add(Map.entry("page", page.toString()));
        }
        if (count != null) {
            q.add(Map.entry("count", count.name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (startingAfter != null) {
            q.add(Map.entry("startingAfter", startingAfter));
        }
        if (endingBefore != null) {
            q.add(Map.entry("endingBefore", endingBefore));
        }
        return q;
    }

    public static final class Builder {
        private @Nullable Where where;
        private List<String> sort = new ArrayList<>();
        private List<String> select = new ArrayList<>();
        private @Nullable Integer depth;
        private @Nullable Integer limit;
        private @Nullable Integer page;
        private @Nullable Count count;
        private @Nullable String startingAfter;
        private @Nullable String endingBefore;

        Builder() {}

        public Builder where(@Nullable Where where) {
            this.where = where;
            return this;
        }

        /** Sort keys, {@code -} for descending: {@code sort("-dueDate", "number")}. */
        public Builder sort(String... keys) {
            this.sort = new ArrayList<>(List.of(keys));
            return this;
        }

        /** Only these top-level fields (and {@code id}). */
        public Builder select(String... fields) {
            this.select = new ArrayList<>(List.of(fields));
            return this;
        }

        /** Relationship depth 0–3: 0 renders relationships as ids. */
        public Builder depth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Page size, 1–100. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder page(int page) {
            this.page = page;
            return this;
        }

        /** How {@code totalDocs} is counted; not with a cursor. */
        public Builder count(@Nullable Count count) {
            this.count = count;
            return this;
        }

        /** Log collections only: the documents older than this id. */
        public Builder startingAfter(@Nullable String id) {
            this.startingAfter = id;
            return this;
        }

        /** Log collections only: the documents newer than this id. */
        public Builder endingBefore(@Nullable String id) {
            this.endingBefore = id;
            return this;
        }

        public ListParams build() {
            return new ListParams(where, sort, select, depth, limit, page, count, startingAfter, endingBefore);
        }
    }
}
