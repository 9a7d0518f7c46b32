package app.clearmargin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import app.clearmargin.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RetentionTest extends ApiTest {

    @Autowired
    Retention retention;

    @Test
    void purgesAuditEntriesOlderThanAYearAndKeepsRecentOnes() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID old = audit(now.minus(Duration.ofDays(400)));
        UUID recent = audit(now.minus(Duration.ofDays(10)));
        retention.purge();
        assertThat(exists(old)).isFalse();
        assertThat(exists(recent)).isTrue();
    }

    private UUID audit(OffsetDateTime createdAt) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = TestDatabase.get().connect(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_log (organization_id, id, action, collection, document_id, changes, created_at, updated_at)
                VALUES (?, ?, 'create', 'clients', 'client_x', '{}', ?, ?)""")) {
            s.setObject(1, organization.id());
            s.setObject(2, id);
            s.setObject(3, createdAt);
            s.setObject(4, createdAt);
            s.executeUpdate();
        }
        return id;
    }

    private boolean exists(UUID id) throws Exception {
        try (Connection c = TestDatabase.get().connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM audit_log WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1) > 0;
            }
        }
    }
}
