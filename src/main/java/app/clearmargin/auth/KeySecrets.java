package app.clearmargin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Key material: generation, the stored SHA-256 hash, the displayed prefix and the wire format. */
final class KeySecrets {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final MessageDigest SHA_256 = sha256();
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

    /** {@code sk_live_} or {@code sk_test_} and 32 base62 characters (checked by hand: this runs on every request). */
    static boolean wellFormed(String key) {
        if (key == null || key.length() != 40 || !(key.startsWith("sk_live_") || key.startsWith("sk_test_"))) {
            return false;
        }
        for (int i = 8; i < 40; i++) {
            char c = key.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    static byte[] hash(String key) {
        try {
            // cloning a prepared digest is cheaper than a provider lookup per request
            return ((MessageDigest) SHA_256.clone()).digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String prefix(String key) {
        return key.substring(0, PREFIX_LENGTH);
    }
}
