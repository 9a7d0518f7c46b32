package app.clearmargin.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * One collection of the API ({@code /api/<path>}): list, auto-paging, get, count, create, update,
 * delete. Collections that refuse a method answer 405, which surfaces as a {@link ClearmarginException}.
 */
public class Resource<T> {

    final Transport transport;
    final String path;
    final Class<T> type;

    Resource(Transport transport, String path, Class<T> type) {
        this.transport = transport;
        this.path = path;
        this.type = type;
    }

    /** The collection's path under {@code /api}, e.g. {@code invoices}. */
    public String path() {
        return path;
    }

    /** The first page with the server's defaults. */
    public Page<T> list() {
        return list(ListParams.none());
    }

    /** One page. */
    public Page<T> list(ListParams params) {
        return page(transport.request("GET", "/api/" + path, params.toQuery(), null, RequestOptions.none()).body());
    }

    /**
     * Every document matching {@code params}, fetching page after page ({@code page=1,2,…}) as the
     * stream is consumed. {@code params.page()} is the page to start at.
     */
    public Stream<T> listAll(ListParams params) {
        return stream(new Iterator<Page<T>>() {
            @Nullable Page<T> last;

            @Override
            public boolean hasNext() {
                return last == null || Boolean.TRUE.equals(last.hasNextPage());
            }

            @Override
            public Page<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int next = last == null
                        ? (params.page() == null ? 1 : params.page())
                        : (last.nextPage() != null ? last.nextPage() : last.page() + 1);
                last = list(params.toBuilder().page(next).build());
                return last;
            }
        });
    }

    /** {@link #listAll(ListParams)} with the server's defaults, 100 per request. */
    public Stream<T> listAll() {
        return listAll(ListParams.builder().limit(100).build());
    }

    /** The document, at the server's default depth (1). */
    public T get(String id) {
        return get(id, RequestOptions.none());
    }

    public T get(String id, RequestOptions options) {
        return read(transport.request("GET", "/api/" + path + "/" + Query.component(id), List.of(), null, options).body(), type);
    }

    /** {@code GET /api/<path>/count}. */
    public long count(@Nullable Where where) {
        List<Map.Entry<String, String>> q = where == null ? List.of() : where.toParams();
        return transport.request("GET", "/api/" + path + "/count", q, null, RequestOptions.none())
                .body()
                .path("totalDocs")
                .asLong();
    }

    /**
     * Creates a document. {@code body} is a {@code Map} or any object Jackson writes as the
     * collection's fields (relationships as ids); a random {@code Idempotency-Key} is sent.
     */
    public T create(Object body) {
        return create(body, RequestOptions.none()).doc();
    }

    public Result<T> create(Object body, RequestOptions options) {
        return result(transport.request("POST", "/api/" + path, List.of(), body, options), type);
    }

    /** A partial update: fields given are changed ({@code null} clears an optional one). */
    public T update(String id, Object patch) {
        return update(id, patch, RequestOptions.none()).doc();
    }

    public Result<T> update(String id, Object patch, RequestOptions options) {
        return result(transport.request("PATCH", "/api/" + path + "/" + Query.component(id), List.of(), patch, options), type);
    }

    /** Deletes (for API keys: revokes) the document and returns it as it was. */
    public T delete(String id) {
        return result(
                        transport.request("DELETE", "/api/" + path + "/" + Query.component(id), List.of(), null, RequestOptions.none()),
                        type)
                .doc();
    }

    /** {@code POST /api/<path>/<id>/<action>}, answered with a {@code U} as {@code doc}. */
    protected <U> Result<U> action(String id, String action, @Nullable Object body, RequestOptions options, Class<U> docType) {
        return result(
                transport.request(
                        "POST", "/api/" + path + "/" + Query.component(id) + "/" + action, List.of(), body, options),
                docType);
    }

    <U> Result<U> result(Transport.Response res, Class<U> docType) {
        JsonNode body = res.body();
        JsonNode message = body.get("message");
        return new Result<>(
                read(body.path("doc"), docType),
                message == null || message.isNull() ? null : message.asText(),
                res.status(),
                "true".equalsIgnoreCase(res.headers().first("Idempotent-Replayed")),
                res.headers().first("X-Request-Id"),
                body);
    }

    <U> U read(JsonNode node, Class<U> as) {
        try {
            return transport.json().treeToValue(node, as);
        } catch (JsonProcessingException e) {
            throw new ClearmarginException("the answer does not fit " + as.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    Page<T> page(JsonNode body) {
        List<T> docs = new ArrayList<>();
        for (JsonNode d : body.path("docs")) {
            docs.add(read(d, type));
        }
        Boolean hasNextPage = bool(body, "hasNextPage");
        boolean hasMore = body.has("hasMore") ? body.path("hasMore").asBoolean() : Boolean.TRUE.equals(hasNextPage);
        return new Page<>(
                docs,
                body.path("limit").asInt(),
                hasMore,
                body.hasNonNull("totalDocs") ? body.get("totalDocs").asLong() : null,
                bool(body, "totalDocsEstimated"),
                integer(body, "totalPages"),
                integer(body, "page"),
                integer(body, "pagingCounter"),
                bool(body, "hasPrevPage"),
                hasNextPage,
                integer(body, "prevPage"),
                integer(body, "nextPage"));
    }

    private static @Nullable Integer integer(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asInt() : null;
    }

    private static @Nullable Boolean bool(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asBoolean() : null;
    }

    static <T> Stream<T> stream(Iterator<Page<T>> pages) {
        Iterator<T> docs = new Iterator<>() {
            Iterator<T> current = List.<T>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && pages.hasNext()) {
                    current = pages.next().docs().iterator();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(docs, Spliterator.ORDERED), false);
    }
}
