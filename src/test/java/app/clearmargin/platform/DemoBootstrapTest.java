package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.support.ApiTest;
import app.clearmargin.web.PublicBaseUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DemoBootstrapTest extends ApiTest {

    @Autowired
    PublicBaseUrl publicBaseUrl;

    @Test
    void aDemoWhoseDataFailsLeavesNoEmptyDemoOrganizationBehind() throws Exception {
        assertThat(organizations.findDemo()).isEmpty();
        DemoData failing = org -> {
            throw new IllegalStateException("demo data failed half-way");
        };
        Path dataDir = Files.createTempDirectory("demo-bootstrap");
        DemoBootstrap bootstrap = new DemoBootstrap(
                organizations, keys, tx, List.of(failing), dataDir, false, "127.0.0.1", "8080", publicBaseUrl, true);
        assertThatThrownBy(bootstrap::ensureDemo).hasMessageContaining("failed half-way");
        assertThat(organizations.findDemo())
                .as("a later start creates the demo again")
                .isEmpty();
        assertThat(dataDir.resolve("demo-api-key")).doesNotExist();
    }
}
