package app.clearmargin.collections;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * Names the collection in the HTTP server metrics ({@code http_server_requests_seconds}): every
 * collection is served by one controller, so Spring's own route tag would be {@code /api/{slug}} for
 * all of them. Here the route is resolved per collection ({@code uri="/api/invoices/{id}"}, an action
 * by its name: {@code /api/invoices/{id}/send}) and a {@code collection} tag is added to every request:
 * the slug, {@code unknown} for an {@code /api/} path whose first segment is no collection (a mistyped
 * slug; also {@code /api/organization} when refused before routing), {@code none} for the other routes. Only slugs and action names the registry knows ever become tag values, never ids, so
 * the number of series stays bounded by the definitions. Requests answered before a route is chosen
 * (401, 429) keep Spring's {@code uri="UNKNOWN"} but still carry their collection.
 */
@Component
class CollectionRequestObservations extends DefaultServerRequestObservationConvention {

    static final String COLLECTION = "collection";
    static final String NO_COLLECTION = "none";
    static final String UNKNOWN_COLLECTION = "unknown";

    private static final String API = "/api/";
    private static final String COLLECTION_ROUTES = "/api/{slug}";

    private final Registry registry;

    CollectionRequestObservations(Registry registry) {
        this.registry = registry;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        return super.getLowCardinalityKeyValues(context).and(KeyValue.of(COLLECTION, collectionTag(context)));
    }

    @Override
    protected KeyValue uri(ServerRequestObservationContext context) {
        String pattern = context.getPathPattern();
        if (pattern == null || !pattern.startsWith(COLLECTION_ROUTES)) {
            return super.uri(context);
        }
        String[] path = requestPath(context).split("/", -1);
        Optional<Collection> collection = registry.find(segment(path, 2));
        if (collection.isEmpty()) {
            return super.uri(context);
        }
        String[] route = pattern.split("/", -1);
        for (int i = 0; i < route.length; i++) {
            route[i] = switch (route[i]) {
                case "{slug}" -> collection.get().slug();
                case "{action}" ->
                    known(
                            segment(path, i),
                            route.length == 5
                                    ? collection.get().documentActions()
                                    : collection.get().collectionActions());
                default -> route[i];
            };
        }
        return KeyValue.of("uri", String.join("/", route));
    }

    /** The collection a request is about, judged by its path alone (a 401 or 429 has no route). */
    private String collectionTag(ServerRequestObservationContext context) {
        String pattern = context.getPathPattern();
        if (pattern != null && !pattern.startsWith(COLLECTION_ROUTES)) {
            return NO_COLLECTION;
        }
        String uri = requestPath(context);
        if (!uri.startsWith(API)) {
            return NO_COLLECTION;
        }
        return registry.find(segment(uri.split("/", -1), 2))
                .map(Collection::slug)
                .orElse(UNKNOWN_COLLECTION);
    }

    /** The path as sent (not decoded: a slug is plain ASCII, and an encoded one is no slug). */
    private static String requestPath(ServerRequestObservationContext context) {
        HttpServletRequest request = context.getCarrier();
        return request == null ? "" : request.getRequestURI();
    }

    /** The action's name if the collection has that action, else the route's placeholder. */
    private static String known(String name, Map<String, Action> actions) {
        return actions.containsKey(name) ? name : "{action}";
    }

    private static String segment(String[] path, int index) {
        return index < path.length ? path[index] : "";
    }
}
