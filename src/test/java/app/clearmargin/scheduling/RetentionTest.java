package app.clearmargin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** API.md §3: audit entries are kept one year, and no longer. */
class RetentionTest extends ApiTest {

    @Autowired
    Retention retention;

    @Test
    void purgeDropsAuditEntriesOlderThanAYearAndKeepsNewerOnes() {
        createId("clients", Map.of("name", "Audited long ago"));
        assertThat(auditEntries()).isPositive();

        clock.set(clock.instant().plus(Duration.ofDays(367)));
        createId("clients", Map.of("name", "Audited now"));
        retention.purge();

        assertThat(auditEntries()).isEqualTo(1);
    }

    private int auditEntries() {
        return api.get("/api/audit-log/count").json().get("totalDocs").asInt();
    }
}
