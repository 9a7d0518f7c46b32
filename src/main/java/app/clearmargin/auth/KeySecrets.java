package app.clearmargin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Key material: generation, the stored SHA-256 hash, the displayed prefix and the wire format. */
final class KeySecrets {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("sk_(live|test)_[0-9A-Za-z]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int PREFIX_LENGTH = 12;

    private KeySecrets() {}

    static String generate(boolean test) {
        StringBuilder sb = new StringBuilder(test ? "sk_test_" : "sk_live_");
        for (int i = 0; i < 32; i++) {
            sb.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return sb.toString();
    }

    static boolean wellFormed(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String prefix(String key) {
        return key.substring(0, PREFIX_LENGTH);
    }
}
