package app.clearmargin.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list. Page-based lists fill every field; cursor pages of the log collections
 * ({@code startingAfter}/{@code endingBefore}) have only {@code docs}, {@code limit} and
 * {@code hasMore}, the other fields null. With {@link ListParams.Count#NONE} {@code totalDocs} and
 * {@code totalPages} are null; with {@link ListParams.Count#ESTIMATE} {@code totalDocsEstimated} says
 * whether {@code totalDocs} is the planner's estimate.
 */
public record Page<T>(
        List<T> docs,
        int limit,
        boolean hasMore,
        @Nullable Long totalDocs,
        @Nullable Boolean totalDocsEstimated,
        @Nullable Integer totalPages,
        @Nullable Integer page,
        @Nullable Integer pagingCounter,
        @Nullable Boolean hasPrevPage,
        @Nullable Boolean hasNextPage,
        @Nullable Integer prevPage,
        @Nullable Integer nextPage) {

    public Page {
        docs = List.copyOf(docs);
    }
}
