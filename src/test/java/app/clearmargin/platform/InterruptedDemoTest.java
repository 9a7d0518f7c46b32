package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.support.ApiTest;
import app.clearmargin.web.PublicBaseUrl;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A first start whose demo data could not be written completely (stopped half-way, or failing) leaves
 * no demo organization: otherwise every later start would find it, keep it and print a key to an
 * empty organization.
 */
class InterruptedDemoTest extends ApiTest {

    @Autowired
    DSLContext db;

    @Autowired
    PublicBaseUrl publicBaseUrl;

    @TempDir
    Path dataDir;

    @Test
    void aDemoWhosePopulationFailsIsRolledBackWithItsOrganization() {
        AtomicReference<UUID> created = new AtomicReference<>();
        DemoData halfWay = org -> {
            created.set(org.id());
            throw new IllegalStateException("stopped half-way");
        };
        DemoBootstrap bootstrap = new DemoBootstrap(
                organizations, keys, tx, List.of(halfWay), dataDir, false, "127.0.0.1", "0", publicBaseUrl, true);

        assertThatThrownBy(bootstrap::ensureDemo).hasMessageContaining("stopped half-way");

        assertThat(created.get()).isNotNull();
        assertThat(db.fetchCount(DSL.table("organizations"), DSL.field("id").eq(created.get())))
                .isZero();
        assertThat(dataDir.resolve("demo-api-key")).doesNotExist();
    }
}
