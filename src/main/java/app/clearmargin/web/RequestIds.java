package app.clearmargin.web;

import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Request ids: a caller's safe value is echoed, anything else is replaced by a generated one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = RequestIds.class.getName();
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    static String choose(String offered) {
        return offered != null && SAFE.matcher(offered).matches() ? offered : generate();
    }

    /**
     * 24 characters of 5 random bits each, from one draw of 15 bytes: each {@code nextInt} of a
     * SecureRandom is a locked read of the system's source, and 24 of them were 2 % of a get's CPU.
     */
    static String generate() {
        byte[] random = new byte[15];
        RANDOM.nextBytes(random);
        char[] c = new char[24];
        for (int i = 0; i < c.length; i++) {
            int bit = i * 5;
            int twoBytes =
                    (random[bit / 8] & 0xff) << 8 | (bit / 8 + 1 < random.length ? random[bit / 8 + 1] & 0xff : 0);
            c[i] = ALPHABET[(twoBytes >>> (11 - bit % 8)) & 31];
        }
        return "req_" + new String(c);
    }

    /** The id of the request being served (set by the first filter). */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? "-" : id.toString();
    }
}
