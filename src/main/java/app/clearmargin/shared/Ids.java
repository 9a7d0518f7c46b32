package app.clearmargin.shared;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Public ids: a type prefix, {@code _}, and the 26-character lowercase Crockford base32 of a UUIDv7.
 * Base32 of a 128-bit number keeps its order, so ids sort by creation time.
 *
 * <p>Within one millisecond the 12 {@code rand_a} bits count up (RFC 9562 §6.2, method 1), so ids made
 * by one node are strictly increasing even when two requests land in the same millisecond.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final int[] DECODE = new int[128];
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        java.util.Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = i;
        }
    }

    private final Clock clock;
    private long lastMillis = -1;
    private int sequence;

    public Ids(Clock clock) {
        this.clock = clock;
    }

    /** A new UUIDv7 for the current instant of the injected clock. */
    public synchronized UUID newUuid() {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            sequence = RANDOM.nextInt(1 << 11); // leave headroom so the counter rarely overflows
        } else {
            sequence++;
            if (sequence >= 1 << 12) { // counter exhausted in this millisecond: borrow the next one
                lastMillis++;
                sequence = 0;
            }
            millis = lastMillis;
        }
        long msb = (millis << 16) | (0x7L << 12) | sequence;
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    public String newId(String prefix) {
        return format(prefix, newUuid());
    }

    public static String format(String prefix, UUID uuid) {
        return prefix + "_" + encode(uuid);
    }

    /** The UUID of {@code id} when it is well-formed and carries {@code prefix}; empty otherwise. */
    public static Optional<UUID> parse(String prefix, String id) {
        if (id == null
                || id.length() != prefix.length() + 27
                || !id.startsWith(prefix)
                || id.charAt(prefix.length()) != '_') {
            return Optional.empty();
        }
        return decode(id, prefix.length() + 1);
    }

    public static String encode(UUID uuid) {
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        char[] out = new char[26];
        // 128 bits as 26 five-bit groups from the top: the first group holds only the top 3 bits.
        for (int i = 25; i >= 0; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo = (lo >>> 5) | (hi << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    private static Optional<UUID> decode(String s, int from) {
        long hi = 0;
        long lo = 0;
        for (int i = from; i < from + 26; i++) {
            char c = s.charAt(i);
            int v = c < 128 ? DECODE[c] : -1;
            if (v < 0 || (i == from && v > 7)) {
                return Optional.empty();
            }
            hi = (hi << 5) | (lo >>> 59);
            lo = (lo << 5) | v;
        }
        UUID uuid = new UUID(hi, lo);
        if (uuid.version() != 7 || uuid.variant() != 2) {
            return Optional.empty();
        }
        return Optional.of(uuid);
    }
}
