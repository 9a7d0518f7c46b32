package app.clearmargin.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The scope vocabulary of API.md §1: {@code <resource>:read} and {@code <resource>:write} (write
 * implies read) per resource, and the presets {@code read_only} and {@code full_access}.
 */
public final class Scopes {

    /** Every resource that has scopes, in the order they are listed in responses. */
    public static final List<String> RESOURCES = List.of(
            "clients", "contacts", "projects", "members", "time-entries", "transactions", "catalog-items",
            "milestones", "calendar-events", "invoices", "proposals", "payments", "receipts",
            "payment-schedules", "webhooks", "api-keys", "organization");

    public static final String READ_ONLY = "read_only";
    public static final String FULL_ACCESS = "full_access";

    private Scopes() {}

    public static String read(String resource) {
        return resource + ":read";
    }

    public static String write(String resource) {
        return resource + ":write";
    }

    public static List<String> readOnly() {
        return RESOURCES.stream().map(Scopes::read).toList();
    }

    public static List<String> fullAccess() {
        List<String> all = new ArrayList<>();
        for (String r : RESOURCES) {
            all.add(read(r));
            all.add(write(r));
        }
        return all;
    }

    /** True when {@code scope} is a preset or a known {@code resource:read|write}. */
    public static boolean isKnown(String scope) {
        return scope.equals(READ_ONLY) || scope.equals(FULL_ACCESS) || parse(scope).isPresent();
    }

    /** Presets expanded, duplicates dropped, in the canonical order of {@link #fullAccess()}. */
    public static List<String> expand(Collection<String> requested) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String s : requested) {
            switch (s) {
                case READ_ONLY -> wanted.addAll(readOnly());
                case FULL_ACCESS -> wanted.addAll(fullAccess());
                default -> wanted.add(s);
            }
        }
        return fullAccess().stream().filter(wanted::contains).toList();
    }

    /** Whether a set of granted scopes allows {@code needed} (a {@code :write} grant covers {@code :read}). */
    public static boolean allows(Set<String> granted, String needed) {
        if (granted.contains(needed)) {
            return true;
        }
        return needed.endsWith(":read") && granted.contains(needed.substring(0, needed.length() - 5) + ":write");
    }

    private record Parsed(String resource, String access) {}

    private static Optional<Parsed> parse(String scope) {
        int colon = scope.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String resource = scope.substring(0, colon);
        String access = scope.substring(colon + 1);
        if (!RESOURCES.contains(resource) || !(access.equals("read") || access.equals("write"))) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(resource, access));
    }
}
