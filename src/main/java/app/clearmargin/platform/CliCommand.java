package app.clearmargin.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed admin command: its name ({@code org create}) and {@code --option value} pairs. */
record CliCommand(String name, Map<String, String> options) implements Seeder.SeedOptions {

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "org create", Set.of("name", "currency", "timezone"),
            "key create", Set.of("org", "name", "scopes", "rate-limit", "test", "expires-at"),
            "seed",
                    Set.of(
                            "org",
                            "clients",
                            "contacts",
                            "projects",
                            "invoices",
                            "time-entries",
                            "members",
                            "seed",
                            "proposals",
                            "transactions"));
    private static final Set<String> FLAGS = Set.of("test");
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "org create", Set.of("name"),
            "key create", Set.of("org", "name", "scopes"),
            "seed", Set.of("org"));

    /** A command whose arguments parse but cannot be carried out (unknown organization, bad scope). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    static CliCommand parse(List<String> args) {
        String name;
        List<String> rest;
        if (args.getFirst().equals("seed") || args.getFirst().equals("reencrypt-secrets")) {
            name = args.getFirst();
            rest = args.subList(1, args.size());
        } else {
            if (args.size() < 2 || !args.get(1).equals("create")) {
                throw new IllegalArgumentException("unknown command: "
                        + String.join(" ", args.subList(0, Math.min(2, args.size()))));
            }
            name = args.getFirst() + " create";
            rest = args.subList(2, args.size());
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String key = arg.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (!OPTIONS.getOrDefault(name, Set.of()).contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + " for " + name);
            }
            if (FLAGS.contains(key)) {
                options.put(key, "true");
                continue;
            }
            if (value == null) {
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                value = rest.get(++i);
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException("--" + key + " must not be empty");
            }
            options.put(key, value);
        }
        for (String required : REQUIRED.getOrDefault(name, Set.of())) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException(name + " needs --" + required);
            }
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (NUMERIC.contains(e.getKey()) && !e.getValue().matches("\\d{1,9}")) {
                throw new IllegalArgumentException(
                        "--" + e.getKey() + " must be a non-negative integer, got " + e.getValue());
            }
        }
        return new CliCommand(name, options);
    }

    private static final Set<String> NUMERIC = Set.of(
            "rate-limit",
            "clients",
            "contacts",
            "projects",
            "invoices",
            "time-entries",
            "members",
            "seed",
            "proposals",
            "transactions");

    String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    /** An option {@link #parse} made sure is there ({@code REQUIRED}). */
    String required(String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalStateException(name + " was parsed without its required --" + key);
        }
        return value;
    }

    @Override
    public int number(String key, int fallback) {
        String v = options.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
