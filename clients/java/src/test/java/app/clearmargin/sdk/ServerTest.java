package app.clearmargin.sdk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that talk to a real server: run-against-jar.sh starts the packaged jar and passes
 * {@code -Dclearmargin.baseUrl} and {@code CLEARMARGIN_API_KEY} (a full_access key of a fresh
 * organization). Without them these tests are skipped, so a plain {@code mvn verify} still builds.
 */
abstract class ServerTest {

    static final String BASE_URL = System.getProperty("clearmargin.baseUrl", System.getenv().getOrDefault("CLEARMARGIN_BASE_URL", ""));
    static final String API_KEY = System.getenv().getOrDefault("CLEARMARGIN_API_KEY", "");

    Clearmargin cm;
    /** Makes this test's names unique: every test shares the organization. */
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void connect() {
        assumeTrue(!BASE_URL.isBlank() && !API_KEY.isBlank(), "no server: run clients/java/run-against-jar.sh");
        cm = Clearmargin.builder().apiKey(API_KEY).baseUrl(BASE_URL).build();
    }
}
