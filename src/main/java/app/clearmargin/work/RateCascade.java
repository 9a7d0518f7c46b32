package app.clearmargin.work;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The effective hourly rate of a time entry (API.md §3): for its rate type, the project's override,
 * else the client's, else the member's. When no level names a rate for overtime or rush, the same
 * cascade for the standard rate applies; with no rate anywhere the entry has none (amount 0).
 */
final class RateCascade {

    private RateCascade() {}

    /** Rates of one level by type; missing or null means "no override at this level". */
    static @Nullable BigDecimal effective(
            String rateType,
            @Nullable Map<String, Object> project,
            @Nullable Map<String, Object> client,
            @Nullable Map<String, Object> member) {
        BigDecimal rate = first(rateType, project, client, member);
        if (rate == null && !"standard".equals(rateType)) {
            rate = first("standard", project, client, member);
        }
        return rate;
    }

    private static @Nullable BigDecimal first(
            String type,
            @Nullable Map<String, Object> project,
            @Nullable Map<String, Object> client,
            @Nullable Map<String, Object> member) {
        for (Map<String, Object> level : new Map[] {project, client, member}) {
            if (level != null && level.get(type) instanceof BigDecimal d) {
                return d;
            }
        }
        return null;
    }
}
