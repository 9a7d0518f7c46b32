package app.clearmargin.payments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts the secrets payments stores (AES-256-GCM from the JDK). A sealed value is
 * {@code version (1) | key id (8) | nonce (12) | ciphertext and 128-bit tag}; the key id (the first 8
 * bytes of the key's SHA-256) picks the key on decryption, so values written under a previous key still
 * open during a rotation. The associated data binds a value to its organization and field: a value copied
 * to another row or column does not decrypt.
 */
final class SecretBox {

    static final String KEY_VARIABLE = "CLEARMARGIN_SECRETS_KEY";
    static final String PREVIOUS_KEYS_VARIABLE = "CLEARMARGIN_SECRETS_PREVIOUS_KEYS";
    static final String KEY_FILE = "secrets.key";

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final byte VERSION = 1;
    private static final int KEY_ID_BYTES = 8;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One key and its id. */
    private record Key(byte[] id, SecretKeySpec spec) {}

    private final @Nullable Key current;
    private final Map<String, Key> byId;

    /** {@code current} null: nothing can be sealed (no key configured); previous keys only open. */
    SecretBox(byte @Nullable [] current, List<byte[]> previous) {
        this.current = current == null ? null : key(current);
        Map<String, Key> keys = new LinkedHashMap<>();
        if (this.current != null) {
            keys.put(HexFormat.of().formatHex(this.current.id()), this.current);
        }
        for (byte[] p : previous) {
            Key k = key(p);
            keys.putIfAbsent(HexFormat.of().formatHex(k.id()), k);
        }
        this.byId = Map.copyOf(keys);
    }

    /**
     * The box of the configured keys. A malformed key fails start-up naming the variable (never its
     * value). Without a key, the embedded database's data directory keeps a generated one.
     */
    static SecretBox configured(@Nullable String key, @Nullable String previousKeys, @Nullable Path embeddedDataDir) {
        List<byte[]> previous = new ArrayList<>();
        if (previousKeys != null) {
            int n = 0;
            for (String p : previousKeys.split(",")) {
                n++;
                if (!p.isBlank()) {
                    previous.add(decodeKey(p, PREVIOUS_KEYS_VARIABLE + " (entry " + n + ")"));
                }
            }
        }
        if (key != null && !key.isBlank()) {
            return new SecretBox(decodeKey(key, KEY_VARIABLE), previous);
        }
        if (embeddedDataDir != null) {
            return new SecretBox(keyFile(embeddedDataDir.resolve(KEY_FILE)), previous);
        }
        return new SecretBox(null, previous);
    }

    /** Whether secrets can be sealed (a current key is configured). */
    boolean canSeal() {
        return current != null;
    }

    byte[] seal(String plaintext, UUID organization, String field) {
        Key key = current;
        if (key == null) {
            throw new IllegalStateException("no secrets key: set " + KEY_VARIABLE);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(VERSION).put(key.id()).put(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(header.array(), organization, field));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(HEADER_BYTES + sealed.length)
                    .put(header.array())
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext; fails (without revealing anything) when the value was tampered with or moved. */
    String open(byte[] sealed, UUID organization, String field) {
        if (sealed.length < HEADER_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("a stored " + field + " is not in a known encrypted format");
        }
        String id = HexFormat.of().formatHex(sealed, 1, 1 + KEY_ID_BYTES);
        Key key = byId.get(id);
        if (key == null) {
            throw new IllegalStateException("a stored " + field + " was encrypted under key id " + id
                    + ", which is neither " + KEY_VARIABLE + " nor one of " + PREVIOUS_KEYS_VARIABLE);
        }
        byte[] header = Arrays.copyOf(sealed, HEADER_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key.spec(),
                    new GCMParameterSpec(TAG_BITS, sealed, 1 + KEY_ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(aad(header, organization, field));
            byte[] plain = cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("a stored " + field + " does not decrypt: altered, or not this row's");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Whether {@code sealed} is under the current key (a rotation leaves nothing else behind). */
    boolean isCurrent(byte[] sealed) {
        Key key = current;
        return key != null
                && sealed.length > HEADER_BYTES
                && Arrays.equals(sealed, 1, 1 + KEY_ID_BYTES, key.id(), 0, KEY_ID_BYTES);
    }

    /** Header, organization and field: what the tag vouches for besides the plaintext. */
    private static byte[] aad(byte[] header, UUID organization, String field) {
        byte[] context = ("clearmargin|" + organization + "|" + field).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(header.length + context.length)
                .put(header)
                .put(context)
                .array();
    }

    private static Key key(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            return new Key(Arrays.copyOf(digest, KEY_ID_BYTES), new SecretKeySpec(raw, "AES"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decodeKey(String base64, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new IllegalStateException(source + " must be the base64 of 32 random bytes "
                    + "(generate one with: openssl rand -base64 32)");
        }
        return raw;
    }

    /** The embedded server's key: read from {@code file}, or generated into it owner-only on first start. */
    static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            log.warn(
                    "Stored secrets are encrypted with the generated key in {} because {} is not set; back it up with "
                            + "the data directory. Production should set {}.",
                    file.toAbsolutePath(),
                    KEY_VARIABLE,
                    KEY_VARIABLE);
            return decodeKey(Files.readString(file), file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key file " + file.toAbsolutePath(), e);
        }
    }

    /** Written to a private temporary file, then renamed into place: never seen half-written or readable by others. */
    private static void generate(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent() == null ? absolute.getRoot() : absolute.getParent();
        Files.createDirectories(dir);
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        Path tmp = dir.resolve(KEY_FILE + "." + UUID.randomUUID() + ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        try {
            Files.writeString(tmp, Base64.getEncoder().encodeToString(raw) + "\n");
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another start got there first: its key is the one
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
