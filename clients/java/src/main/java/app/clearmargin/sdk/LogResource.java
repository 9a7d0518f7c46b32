package app.clearmargin.sdk;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A log collection ({@code events}, {@code webhook-deliveries}, {@code audit-log}): read-only and
 * paged by cursor, newest first. {@link #listAll(ListParams)} takes the first page as an ordinary
 * list and then asks for {@code startingAfter=<last id>} while {@code hasMore}, so documents written
 * while it pages never shift or repeat a page.
 */
public class LogResource<T> extends Resource<T> {

    private final Function<T, String> idOf;

    LogResource(Transport transport, String path, Class<T> type, Function<T, String> idOf) {
        super(transport, path, type);
        this.idOf = idOf;
    }

    /** Every document older than the given cursor ({@code params.startingAfter()}, or from the newest). */
    @Override
    public Stream<T> listAll(ListParams params) {
        if (params.page() != null || params.endingBefore() != null) {
            throw new IllegalArgumentException(
                    "cursor paging starts from the newest or from startingAfter; leave page and endingBefore unset");
        }
        // The server refuses a cursor beside any other order (400 on the second page): fail at once.
        if (!params.sort().isEmpty() && !params.sort().equals(java.util.List.of("-createdAt"))) {
            throw new IllegalArgumentException("cursor pages are newest first: leave sort unset (or -createdAt)");
        }
        return stream(new Iterator<Page<T>>() {
            @Nullable Page<T> last;
            @Nullable String cursor = params.startingAfter();

            @Override
            public boolean hasNext() {
                return last == null || (last.hasMore() && !last.docs().isEmpty());
            }

            @Override
            public Page<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                last = list(params.toBuilder().startingAfter(cursor).build());
                if (!last.docs().isEmpty()) {
                    cursor = idOf.apply(last.docs().get(last.docs().size() - 1));
                }
                return last;
            }
        });
    }

    /**
     * The documents newer than {@code id} (what happened since you last looked), oldest page last:
     * one {@code endingBefore} page. Call again with the newest id to continue.
     */
    public Page<T> listNewerThan(String id, ListParams params) {
        return list(params.toBuilder().endingBefore(id).startingAfter(null).build());
    }
}
