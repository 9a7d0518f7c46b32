package app.clearmargin.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The scope vocabulary of API.md §1: {@code <resource>:read} and {@code <resource>:write} (write
 * implies read) per resource, and the presets {@code read_only} and {@code full_access}.
 *
 * <p>The resources are the scopes of the collection definitions plus {@code organization} (the one
 * resource that is not a collection). The collection registry {@linkplain #define defines} them once
 * at start-up, so a new collection needs no edit here; the registry cannot be injected instead,
 * because it is built from the definitions, and the api-keys definition's hooks need this vocabulary.
 *
 * <p>A preset is stored as given and means "every scope of its kind there is when the key is
 * checked": a {@code full_access} key issued before a resource existed may use it (see
 * {@link #allows}).
 */
@Component
public class Scopes {

    public static final String READ_ONLY = "read_only";
    public static final String FULL_ACCESS = "full_access";

    /** The one resource with scopes that is not a collection: the organization's settings. */
    static final String ORGANIZATION = "organization";

    /**
     * The order responses have always listed the first resources in (clients and API clients compare
     * lists); a collection added later follows them in registry order, and {@code organization} is last.
     * It only orders: a resource here that no collection guards has no scopes.
     */
    private static final List<String> FIRST_LISTED = List.of(
            "clients",
            "contacts",
            "projects",
            "members",
            "time-entries",
            "transactions",
            "catalog-items",
            "milestones",
            "calendar-events",
            "invoices",
            "proposals",
            "payments",
            "receipts",
            "payment-schedules",
            "webhooks",
            "api-keys");

    private volatile @Nullable List<String> resources;

    /** Defined by the collection registry at start-up ({@link #define}). */
    public Scopes() {}

    /** A vocabulary over these collection scope resources (tests, tools). */
    public static Scopes of(Collection<String> collectionResources) {
        Scopes scopes = new Scopes();
        scopes.define(collectionResources);
        return scopes;
    }

    /** Sets the collection scope resources, in registry order; {@code organization} is added. Once. */
    public synchronized void define(Collection<String> collectionResources) {
        if (resources != null) {
            throw new IllegalStateException("the scope resources are defined already");
        }
        List<String> ordered = new ArrayList<>();
        FIRST_LISTED.stream().filter(collectionResources::contains).forEach(ordered::add);
        collectionResources.stream()
                .distinct()
                .filter(r -> !ordered.contains(r) && !r.equals(ORGANIZATION))
                .forEach(ordered::add);
        ordered.add(ORGANIZATION);
        resources = List.copyOf(ordered);
    }

    /** Every resource that has scopes, in the order responses list them. */
    public List<String> resources() {
        List<String> r = resources;
        if (r == null) {
            throw new IllegalStateException("the scope resources are not known before the collection registry exists");
        }
        return r;
    }

    public static String read(String resource) {
        return resource + ":read";
    }

    public static String write(String resource) {
        return resource + ":write";
    }

    public List<String> readOnly() {
        return resources().stream().map(Scopes::read).toList();
    }

    public List<String> fullAccess() {
        List<String> all = new ArrayList<>();
        for (String r : resources()) {
            all.add(read(r));
            all.add(write(r));
        }
        return all;
    }

    /** True when {@code scope} is a preset or {@code <resource>:read|write} of a known resource. */
    public boolean isKnown(String scope) {
        if (isPreset(scope)) {
            return true;
        }
        int colon = scope.lastIndexOf(':');
        return colon > 0 && isAccess(scope.substring(colon + 1)) && resources().contains(scope.substring(0, colon));
    }

    /** Whether {@code scope} has the shape of a scope: a preset or {@code <resource>:read|write}. */
    public static boolean isWellFormed(String scope) {
        int colon = scope.lastIndexOf(':');
        return isPreset(scope) || (colon > 0 && isAccess(scope.substring(colon + 1)));
    }

    /** Presets expanded, duplicates and unknown scopes dropped, in the canonical order of {@link #fullAccess()}. */
    public List<String> expand(Collection<String> granted) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String s : granted) {
            switch (s) {
                case READ_ONLY -> wanted.addAll(readOnly());
                case FULL_ACCESS -> wanted.addAll(fullAccess());
                default -> wanted.add(s);
            }
        }
        return fullAccess().stream().filter(wanted::contains).toList();
    }

    /**
     * Whether scopes granted as stored (presets included) allow {@code needed}: {@code full_access}
     * allows every scope, {@code read_only} every {@code :read}, a {@code :write} grant covers the
     * {@code :read} of its resource. A preset needed (creating a key with one) is allowed only by that
     * preset or by {@code full_access}: a key listing today's scopes one by one does not grow with new
     * resources, so it cannot hand out a preset that does.
     */
    public static boolean allows(Set<String> granted, String needed) {
        if (granted.contains(FULL_ACCESS) || granted.contains(needed)) {
            return true;
        }
        if (needed.equals(FULL_ACCESS) || needed.equals(READ_ONLY)) {
            return false;
        }
        return needed.endsWith(":read")
                && (granted.contains(READ_ONLY)
                        || granted.contains(needed.substring(0, needed.length() - 5) + ":write"));
    }

    private static boolean isPreset(String scope) {
        return scope.equals(READ_ONLY) || scope.equals(FULL_ACCESS);
    }

    private static boolean isAccess(String access) {
        return access.equals("read") || access.equals("write");
    }
}
