package app.clearmargin.tenancy;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import app.clearmargin.shared.Ids;
import app.clearmargin.shared.ShortLivedCache;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Component;

/** Organizations: created by the admin CLI or the demo bootstrap, read by every request that needs settings. */
@Component
public class Organizations {

    static final Table<Record> T = table(name("organizations"));
    static final org.jooq.Field<UUID> ID = field(name("organizations", "id"), UUID.class);

    private final DSLContext db;
    private final Clock clock;
    private final Ids ids;
    private final ShortLivedCache<UUID, Organization> recent = new ShortLivedCache<>(Duration.ofSeconds(1), 10_000);

    Organizations(DSLContext db, Clock clock, Ids ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
    }

    public Organization create(String name, String currency, String timezone, boolean demo) {
        UUID id = ids.newUuid();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        db.insertInto(T)
                .set(ID, id)
                .set(field(name("name")), name)
                .set(field(name("currency")), currency)
                .set(field(name("timezone")), timezone)
                .set(field(name("demo")), demo)
                .set(field(name("created_at")), now)
                .set(field(name("updated_at")), now)
                .execute();
        return find(id).orElseThrow();
    }

    public Optional<Organization> find(UUID id) {
        return db.selectFrom(T).where(ID.eq(id)).fetchOptional(Organizations::map);
    }

    /**
     * The current organization as read at most a second ago: for reads (the timezone of a filter),
     * where a setting changed on another node may take up to a second to apply. Writes use {@link #current()}.
     */
    public Organization recent() {
        UUID id = Tenant.current().organizationId();
        return recent.get(
                id, k -> find(k).orElseThrow(() -> new IllegalStateException("the bound organization does not exist")));
    }

    /** The organization of the request or job being served. */
    public Organization current() {
        return find(Tenant.current().organizationId())
                .orElseThrow(() -> new IllegalStateException("the bound organization does not exist"));
    }

    public Optional<Organization> findDemo() {
        return db.selectFrom(T)
                .where(field(name("demo")).eq(true))
                .orderBy(field(name("created_at")))
                .limit(1)
                .fetchOptional(Organizations::map);
    }

    public List<UUID> allIds() {
        return db.select(ID).from(T).orderBy(ID).fetch(ID);
    }

    /** Writes already-validated settings (column name → value) of the current organization. */
    public Organization update(Map<String, Object> columnValues) {
        if (!columnValues.isEmpty()) {
            var update = db.update(T)
                    .set(field(name("updated_at")), (Object) clock.instant().atOffset(ZoneOffset.UTC));
            for (Map.Entry<String, Object> e : columnValues.entrySet()) {
                update = update.set(field(name(e.getKey())), e.getValue());
            }
            update.where(ID.eq(Tenant.current().organizationId())).execute();
            recent.invalidate(Tenant.current().organizationId());
        }
        return current();
    }

    private static Organization map(Record r) {
        return new Organization(
                r.get(ID),
                r.get("name", String.class),
                r.get("currency", String.class).trim(),
                ZoneId.of(r.get("timezone", String.class)),
                r.get("invoice_prefix", String.class),
                r.get("proposal_prefix", String.class),
                r.get("receipt_prefix", String.class),
                r.get("number_width", Integer.class),
                r.get("payment_terms_days", Integer.class),
                r.get("due_soon_days", Integer.class),
                r.get("expiring_soon_days", Integer.class),
                r.get("proposal_validity_days", Integer.class),
                new Organization.MinimumHours(
                        r.get("minimum_billable_hours_standard", BigDecimal.class),
                        r.get("minimum_billable_hours_overtime", BigDecimal.class),
                        r.get("minimum_billable_hours_rush", BigDecimal.class)),
                r.get("auto_send_receipts", Boolean.class),
                new Organization.Identity(
                        r.get("legal_name", String.class),
                        new Organization.Address(
                                r.get("address_line1", String.class),
                                r.get("address_line2", String.class),
                                r.get("address_city", String.class),
                                r.get("address_region", String.class),
                                r.get("address_postal_code", String.class),
                                r.get("address_country", String.class)),
                        r.get("email", String.class),
                        r.get("phone", String.class),
                        r.get("website", String.class),
                        r.get("tax_id", String.class),
                        r.get("locale", String.class),
                        r.get("payment_instructions", String.class),
                        r.get("brand_color", String.class)),
                r.get("max_rate_limit_per_minute", Integer.class),
                r.get("demo", Boolean.class),
                r.get("created_at", OffsetDateTime.class).toInstant(),
                r.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
