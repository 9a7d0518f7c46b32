package app.clearmargin.sdk;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Percent-encoding of query parameters (brackets are encoded too; the server reads both forms). */
final class Query {
    private Query() {}

    static String encode(List<Map.Entry<String, String>> params) {
        StringJoiner j = new StringJoiner("&");
        for (Map.Entry<String, String> p : params) {
            j.add(component(p.getKey()) + "=" + component(p.getValue()));
        }
        return j.toString();
    }

    static String component(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
