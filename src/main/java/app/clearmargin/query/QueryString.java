package app.clearmargin.query;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a raw query string in the {@code qs} bracket syntax Payload uses:
 * {@code where[or][0][name][equals]=x}. Raw and percent-encoded brackets are equivalent,
 * {@code a[]=1&a[]=2} and repeated keys append.
 */
public final class QueryString {

    /** Bounds that keep a hostile query string from costing more than a normal one. */
    static final int MAX_PARAMETERS = 1000;

    static final int MAX_SEGMENTS = 40;

    private QueryString() {}

    public static Param.Group parse(String rawQuery) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return toGroup(root);
        }
        String[] pairs = rawQuery.split("&");
        if (pairs.length > MAX_PARAMETERS) {
            throw ApiException.badRequest("Too many query parameters (at most " + MAX_PARAMETERS + ").");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            insert(root, segments(key), value);
        }
        return toGroup(root);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Malformed percent-encoding in the query string.");
        }
    }

    /**
     * {@code where[a][0][b]} → [where, a, 0, b]; an unterminated bracket keeps the key literal, except
     * in a {@code where} key, which is a 400 QueryError: a filter is never silently dropped.
     */
    static List<String> segments(String key) {
        List<String> out = new ArrayList<>();
        int open = key.indexOf('[');
        if (open <= 0 || key.lastIndexOf(']', open) >= 0) {
            return literal(key);
        }
        out.add(key.substring(0, open));
        int i = open;
        while (i < key.length() && key.charAt(i) == '[') {
            int close = key.indexOf(']', i);
            if (close < 0 || key.substring(i + 1, close).indexOf('[') >= 0) {
                return literal(key);
            }
            out.add(key.substring(i + 1, close));
            i = close + 1;
        }
        if (i != key.length()) {
            return literal(key);
        }
        if (out.getFirst().equals(WHERE) && out.get(1).isEmpty()) {
            throw malformedWhere(key); // where[][equals]: no field to filter on
        }
        if (out.size() > MAX_SEGMENTS) {
            throw ApiException.badRequest("Query parameter " + out.getFirst() + " is nested too deeply.");
        }
        return out;
    }

    private static final String WHERE = "where";

    private static List<String> literal(String key) {
        int bracket = key.replace(']', '[').indexOf('[');
        if (bracket >= 0 && key.substring(0, bracket).equals(WHERE)) {
            throw malformedWhere(key);
        }
        return List.of(key);
    }

    private static ApiException malformedWhere(String key) {
        return new ApiException(new ApiError.Query(
                List.of(key),
                "The query parameter " + key + " has unbalanced or empty brackets; use where[field][operator]=value."));
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> node, List<String> path, String value) {
        Map<String, Object> current = node;
        for (int i = 0; i < path.size(); i++) {
            String seg = path.get(i);
            if (seg.isEmpty()) {
                seg = Integer.toString(current.size()); // a[]=x appends
            }
            boolean last = i == path.size() - 1;
            Object existing = current.get(seg);
            if (last) {
                if (existing == null) {
                    current.put(seg, value);
                } else if (existing instanceof String s) { // repeated key: becomes a list
                    Map<String, Object> list = new LinkedHashMap<>();
                    list.put("0", s);
                    list.put("1", value);
                    current.put(seg, list);
                } else {
                    Map<String, Object> group = (Map<String, Object>) existing;
                    group.put(Integer.toString(group.size()), value);
                }
                return;
            }
            if (existing instanceof Map<?, ?> m) {
                current = (Map<String, Object>) m;
            } else {
                Map<String, Object> child = new LinkedHashMap<>();
                if (existing instanceof String s) {
                    child.put("0", s);
                }
                current.put(seg, child);
                current = child;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Param.Group toGroup(Map<String, Object> map) {
        Map<String, Param> children = new LinkedHashMap<>();
        map.forEach((k, v) ->
                children.put(k, v instanceof String s ? new Param.Value(s) : toGroup((Map<String, Object>) v)));
        return new Param.Group(children);
    }
}
