package app.clearmargin.auth;

import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Keeps the listed {@code scopes} of keys granted a preset equal to the preset's expansion, once at
 * start-up (before the server answers): the resources change only with a new version, so a
 * {@code full_access} key issued before {@code tags} existed lists {@code tags:read} and
 * {@code tags:write} from the first request on. Checks never read this list ({@link Principal} holds
 * the grants), so a refresh that fails only leaves a list one version behind: it is logged, not fatal.
 * Several nodes may run it at once; each statement changes only rows that differ.
 */
@Component
class PresetExpansions implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PresetExpansions.class);

    private final DSLContext db;
    private final Scopes scopes;

    PresetExpansions(DSLContext db, Scopes scopes) {
        this.db = db;
        this.scopes = scopes;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            int changed = refresh();
            if (changed > 0) {
                log.info("listed scopes of {} preset API keys updated to this version's resources", changed);
            }
        } catch (DataAccessException e) {
            log.warn("could not update the listed scopes of preset API keys; the next start tries again", e);
        }
    }

    /** The number of keys whose listed scopes changed. */
    int refresh() {
        // text[] casts: jOOQ binds String[] as varchar[], which has no && or = with text[]
        List<String[]> presetGrants = db.resultQuery(
                        "SELECT DISTINCT grants FROM api_keys WHERE grants && {0}::text[]",
                        DSL.val(new String[] {Scopes.READ_ONLY, Scopes.FULL_ACCESS}))
                .fetch(r -> r.get(0, String[].class));
        int changed = 0;
        for (String[] grants : presetGrants) {
            String[] expanded = scopes.expand(Arrays.asList(grants)).toArray(String[]::new);
            changed += db.execute(
                    "UPDATE api_keys SET scopes = {0}::text[] WHERE grants = {1}::text[] AND scopes <> {0}::text[]",
                    DSL.val(expanded), DSL.val(grants));
        }
        return changed;
    }
}
