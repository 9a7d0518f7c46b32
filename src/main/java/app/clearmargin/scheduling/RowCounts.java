package app.clearmargin.scheduling;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Folds the row-count deltas of each (organization, table) into one row, so unfiltered counts stay
 * a sum of a few rows. Each fold is one statement (delete the group's rows, insert their sum), safe
 * to run on every node at once: deltas written meanwhile are not in the snapshot and stay.
 */
@Component
class RowCounts {

    static final int FOLD_ABOVE = 16;

    private final DSLContext db;

    RowCounts(DSLContext db) {
        this.db = db;
    }

    @Scheduled(fixedDelayString = "${clearmargin.counts.fold-ms:10000}", initialDelayString = "PT15S")
    void fold() {
        var groups = db.resultQuery("""
                SELECT organization_id, table_name FROM row_count_deltas
                GROUP BY organization_id, table_name HAVING count(*) > {0} LIMIT 1000""", DSL.inline(FOLD_ABOVE)).fetch();
        for (var g : groups) {
            db.execute("""
                    WITH folded AS (
                        DELETE FROM row_count_deltas WHERE organization_id = {0} AND table_name = {1} RETURNING delta)
                    INSERT INTO row_count_deltas (organization_id, table_name, delta)
                    SELECT {0}, {1}, coalesce(sum(delta), 0) FROM folded""", DSL.val(g.get(0, java.util.UUID.class)), DSL.val(g.get(1, String.class)));
        }
    }
}
