package app.clearmargin.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encryption of stored secrets: AES-256-GCM bound to organization and field, keys by id, the key file. */
class SecretBoxTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SECRET = "sk_test_BoxNeedle0123456789abcdef";
    private final UUID org = UUID.randomUUID();

    private static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    @Test
    void aSealedValueOpensToItselfAndDoesNotContainIt() {
        SecretBox box = new SecretBox(newKey(), List.of());
        byte[] sealed = box.seal(SECRET, org, "secretKey");
        assertThat(box.open(sealed, org, "secretKey")).isEqualTo(SECRET);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("BoxNeedle");
        assertThat(sealed[0]).as("version").isEqualTo((byte) 1);
        assertThat(sealed.length).isEqualTo(1 + 8 + 12 + SECRET.length() + 16);
        assertThat(box.seal(SECRET, org, "secretKey"))
                .as("a fresh nonce each time")
                .isNotEqualTo(sealed);
    }

    @Test
    void anyAlteredByteFailsToOpen() {
        SecretBox box = new SecretBox(newKey(), List.of());
        byte[] sealed = box.seal(SECRET, org, "secretKey");
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = Arrays.copyOf(sealed, sealed.length);
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> box.open(tampered, org, "secretKey"))
                    .as("byte %d", i)
                    .isInstanceOf(IllegalStateException.class)
                    .message()
                    .doesNotContain("BoxNeedle");
        }
    }

    @Test
    void aValueMovedToAnotherOrganizationOrFieldDoesNotOpen() {
        SecretBox box = new SecretBox(newKey(), List.of());
        byte[] sealed = box.seal(SECRET, org, "secretKey");
        assertThatThrownBy(() -> box.open(sealed, UUID.randomUUID(), "secretKey"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> box.open(sealed, org, "webhookSecret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decrypt");
    }

    @Test
    void aPreviousKeyStillOpensAndResealingMovesTheValueToTheCurrentKey() {
        byte[] oldKey = newKey();
        byte[] newKey = newKey();
        byte[] underOld = new SecretBox(oldKey, List.of()).seal(SECRET, org, "secretKey");

        SecretBox rotated = new SecretBox(newKey, List.of(oldKey));
        assertThat(rotated.isCurrent(underOld)).isFalse();
        assertThat(rotated.open(underOld, org, "secretKey")).isEqualTo(SECRET);
        byte[] resealed = rotated.seal(rotated.open(underOld, org, "secretKey"), org, "secretKey");
        assertThat(rotated.isCurrent(resealed)).isTrue();

        SecretBox newOnly = new SecretBox(newKey, List.of());
        assertThat(newOnly.open(resealed, org, "secretKey")).isEqualTo(SECRET);
        assertThatThrownBy(() -> newOnly.open(underOld, org, "secretKey"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key id")
                .hasMessageContaining("CLEARMARGIN_SECRETS_PREVIOUS_KEYS");
    }

    @Test
    void theConfiguredKeysAreReadFromBase64AndAMalformedOneFailsStartUpWithoutEchoingIt() {
        byte[] current = newKey();
        byte[] previous = newKey();
        byte[] underPrevious = new SecretBox(previous, List.of()).seal(SECRET, org, "webhookSecret");
        SecretBox box = SecretBox.configured(
                Base64.getEncoder().encodeToString(current),
                " , " + Base64.getEncoder().encodeToString(previous),
                null);
        assertThat(box.canSeal()).isTrue();
        assertThat(box.open(underPrevious, org, "webhookSecret")).isEqualTo(SECRET);

        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretBox.configured(shortKey, null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLEARMARGIN_SECRETS_KEY must be the base64 of 32 random bytes")
                .message()
                .doesNotContain(shortKey);
        assertThatThrownBy(() -> SecretBox.configured("not base64 at all!", null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLEARMARGIN_SECRETS_KEY");
        assertThatThrownBy(() -> SecretBox.configured(null, "AAAA", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLEARMARGIN_SECRETS_PREVIOUS_KEYS (entry 1)");
    }

    @Test
    void withoutAKeyOrAnEmbeddedDatabaseNothingCanBeSealed() {
        SecretBox box = SecretBox.configured("", "", null);
        assertThat(box.canSeal()).isFalse();
        assertThatThrownBy(() -> box.seal(SECRET, org, "secretKey")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theEmbeddedDefaultGeneratesAnOwnerOnlyKeyFileAndReusesIt(@TempDir Path dataDir) throws Exception {
        SecretBox first = SecretBox.configured(null, null, dataDir);
        Path file = dataDir.resolve("secrets.key");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers).as("no temporary file left behind").containsExactly(file);
        }
        byte[] sealed = first.seal(SECRET, org, "secretKey");

        SecretBox again = SecretBox.configured("", null, dataDir);
        assertThat(again.open(sealed, org, "secretKey"))
                .as("the same key on the next start")
                .isEqualTo(SECRET);
        assertThat(again.isCurrent(sealed)).isTrue();
    }
}
