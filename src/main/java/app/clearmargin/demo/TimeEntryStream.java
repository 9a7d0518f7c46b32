package app.clearmargin.demo;

import app.clearmargin.demo.SeedWorld.Member;
import app.clearmargin.demo.SeedWorld.Project;
import app.clearmargin.demo.SeedWorld.RateType;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * Time entries for a bulk seed, generated and COPYed in one pass without holding them in memory.
 * Entry {@code i} of {@code n} is created at a moment in the i-th of n equal slices of the history,
 * so creation times (and the ids minted at them) only ever increase and every index stays
 * append-only. Each entry is logged on a project active that day, by a member of its team, on that
 * day or a few days before; rate, cost rate and amount are stamped as the API stamps them.
 */
final class TimeEntryStream {

    /** Rows per transaction: progress is kept, and no transaction grows without bound. */
    static final int BATCH = 250_000;

    private static final List<String> COLUMNS = List.of(
            "organization_id",
            "id",
            "project_id",
            "member_id",
            "date",
            "hours",
            "description",
            "billable",
            "rate_type",
            "rate",
            "cost_rate",
            "amount",
            "status",
            "created_at",
            "updated_at");
    /** Hours are quarter hours from 0.25 to 8, as the peer seeds them. */
    private static final int QUARTERS = 32;

    private final SeedWorld world;
    private final long total;
    private final long seed;
    private final byte[] organization;
    private final byte[][] hours = new byte[QUARTERS][];
    private final BigDecimal[] hourValues = new BigDecimal[QUARTERS];
    private final byte[][] descriptions;
    private final byte[][] rateTypes = new byte[RateType.values().length][];
    private final byte[] unbilled = CopyRows.escape("unbilled");
    private final byte[] nullValue = {'\\', 'N'};
    private final ProjectRates[] projectRates;
    private final List<Integer> regularByStart = new ArrayList<>();
    private final List<Integer> defaultsByStart = new ArrayList<>();

    /** The stamped values of one project: for each team slot (0 = no member) and rate type, rate and amounts. */
    private record ProjectRates(
            byte[] id, byte[][] members, byte[][][] rate, byte[][] costRate, byte[][][][] amount, boolean billable) {}

    TimeEntryStream(SeedWorld world, long total, long seed) {
        this.world = world;
        this.total = total;
        this.seed = seed;
        this.organization = ascii(world.organization.id().toString());
        for (int q = 0; q < QUARTERS; q++) {
            hourValues[q] = BigDecimal.valueOf(q + 1, 0).divide(BigDecimal.valueOf(4));
            hours[q] = ascii(hourValues[q].toPlainString());
        }
        List<byte[]> texts = new ArrayList<>();
        for (String verb : SeedWords.VERBS) {
            for (String object : SeedWords.OBJECTS) {
                texts.add(CopyRows.escape(verb + " " + object));
            }
        }
        descriptions = texts.toArray(byte[][]::new);
        for (RateType t : RateType.values()) {
            rateTypes[t.ordinal()] = ascii(t.wire);
        }
        projectRates = new ProjectRates[world.projects.size()];
        Map<String, byte[][]> amountCache = new HashMap<>();
        for (int p = 0; p < projectRates.length; p++) {
            projectRates[p] = stamp(world.projects.get(p), amountCache);
            (world.projects.get(p).isDefault() ? defaultsByStart : regularByStart).add(p);
        }
        Comparator<Integer> byStart =
                Comparator.comparing(p -> world.projects.get(p).activeFrom());
        regularByStart.sort(byStart);
        defaultsByStart.sort(byStart);
    }

    private ProjectRates stamp(Project project, Map<String, byte[][]> amountCache) {
        int slots = project.team().length + 1;
        byte[][] members = new byte[slots][];
        byte[][][] rate = new byte[slots][RateType.values().length][];
        byte[][] cost = new byte[slots][];
        byte[][][][] amount = new byte[slots][RateType.values().length][][];
        String currency = project.client().currency();
        for (int s = 0; s < slots; s++) {
            Member member = s == 0 ? null : world.members.get(project.team()[s - 1]);
            members[s] = member == null ? nullValue : ascii(member.id().toString());
            cost[s] = member == null || member.costRate() == null
                    ? nullValue
                    : ascii(member.costRate().toPlainString());
            for (RateType type : RateType.values()) {
                BigDecimal r = SeedWorld.effectiveRate(type, project, member);
                rate[s][type.ordinal()] = r == null ? nullValue : ascii(r.toPlainString());
                amount[s][type.ordinal()] = r == null
                        ? null
                        : amountCache.computeIfAbsent(currency + " " + r.toPlainString(), k -> amounts(r, currency));
            }
        }
        return new ProjectRates(
                ascii(project.id().toString()),
                members,
                rate,
                cost,
                amount,
                !project.billingType().equals("non_billable"));
    }

    /** hours × rate for every quarter hour, rounded half-up once to the currency (as the time-entry hook does). */
    private byte[][] amounts(BigDecimal rate, String currency) {
        byte[][] out = new byte[QUARTERS][];
        for (int q = 0; q < QUARTERS; q++) {
            out[q] = ascii(
                    Money.of(hourValues[q].multiply(rate), currency).plain().toPlainString());
        }
        return out;
    }

    /**
     * Writes entries {@code [from, to)} on its own connection, committing every {@link #BATCH} rows;
     * {@code progress} hears each committed batch's size. Returns the number of rows written.
     */
    long write(DataSource dataSource, long from, long to, int stream, LongConsumer progress) throws SQLException {
        Random random = new Random(seed * 1_000_003L + stream);
        SeedTimes.TimedIds ids = new SeedTimes.TimedIds();
        long startMs = world.startOf(world.windowStart).toEpochMilli();
        long spanMs = world.now.toEpochMilli() - startMs;
        long lastMs = world.now.toEpochMilli() - 1;
        ActiveProjects regular = new ActiveProjects(regularByStart);
        ActiveProjects defaults = new ActiveProjects(defaultsByStart);
        long dayStart = Long.MAX_VALUE;
        long dayEnd = Long.MIN_VALUE;
        LocalDate day = world.windowStart; // replaced at the first entry: dayStart > dayEnd forces it
        Map<Long, byte[]> dates = new HashMap<>();
        long written = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            BulkSeeder.relaxCommit(connection);
            CopyRows rows = CopyRows.open(connection, "time_entries", COLUMNS);
            try {
                for (long i = from; i < to; i++) {
                    long t = Math.min(lastMs, startMs + (long) ((i + random.nextDouble()) / total * spanMs));
                    if (t < dayStart || t >= dayEnd) {
                        day = java.time.Instant.ofEpochMilli(t)
                                .atZone(world.zone)
                                .toLocalDate();
                        dayStart = world.startOf(day).toEpochMilli();
                        dayEnd = world.startOf(day.plusDays(1)).toEpochMilli();
                        regular.openUntil(day);
                        defaults.openUntil(day);
                    }
                    // mostly client projects; the default "General" projects get the odd hour
                    int p = random.nextInt(10) < 9 ? regular.pick(day, random) : -1;
                    if (p < 0) {
                        p = defaults.pick(day, random);
                    }
                    if (p < 0) {
                        p = regular.pick(day, random);
                    }
                    Project project = world.projects.get(p);
                    ProjectRates stamped = projectRates[p];
                    LocalDate date = workDate(day, project.activeFrom(), random);
                    int slot = project.team().length == 0 || random.nextInt(20) == 0
                            ? 0
                            : 1 + random.nextInt(project.team().length);
                    int type = switch (random.nextInt(20)) {
                        case 0, 1 -> RateType.OVERTIME.ordinal();
                        case 2 -> RateType.RUSH.ordinal();
                        default -> RateType.STANDARD.ordinal();
                    };
                    int quarter = random.nextInt(QUARTERS);
                    boolean billable = stamped.billable() && random.nextInt(100) < 85;
                    byte[][] amounts = stamped.amount()[slot][type];
                    byte[] created = SeedTimes.timestamp(t);
                    rows.raw(organization)
                            .uuid(ids.at(t))
                            .raw(stamped.id())
                            .raw(stamped.members()[slot])
                            .raw(dates.computeIfAbsent(
                                    date.toEpochDay(),
                                    d -> ascii(LocalDate.ofEpochDay(d).toString())))
                            .raw(hours[quarter])
                            .raw(descriptions[random.nextInt(descriptions.length)])
                            .bool(billable)
                            .raw(rateTypes[type])
                            .raw(stamped.rate()[slot][type])
                            .raw(stamped.costRate()[slot])
                            .raw(billable && amounts != null ? amounts[quarter] : ZERO)
                            .raw(unbilled)
                            .raw(created)
                            .raw(created);
                    rows.endRow();
                    written++;
                    if (written % BATCH == 0) {
                        rows.finish();
                        connection.commit();
                        BulkSeeder.relaxCommit(connection);
                        progress.accept(BATCH);
                        rows = CopyRows.open(connection, "time_entries", COLUMNS);
                    }
                }
                rows.finish();
                connection.commit();
                progress.accept(written % BATCH);
            } finally {
                rows.close();
            }
        }
        return written;
    }

    private static final byte[] ZERO = {'0'};

    /**
     * Time is logged the same day, or caught up a few days later; weekend moments mostly stand for
     * work of some weekday before them.
     */
    private static LocalDate workDate(LocalDate day, LocalDate projectStart, Random random) {
        int r = random.nextInt(100);
        int lag = r < 75 ? 0 : r < 90 ? 1 : r < 97 ? 2 + random.nextInt(2) : 4 + random.nextInt(4);
        LocalDate date = day.minusDays(lag);
        DayOfWeek weekday = date.getDayOfWeek();
        if ((weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY) && random.nextInt(100) < 85) {
            int toFriday = weekday == DayOfWeek.SATURDAY ? 1 : 2;
            date = date.minusDays(toFriday + random.nextInt(5)); // Monday to Friday of that week, evenly
        }
        return date.isBefore(projectStart) ? projectStart : date;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Projects open on the day being generated: added when their activity starts (days only move
     * forward), dropped lazily when drawn after their activity ended.
     */
    private final class ActiveProjects {
        private final List<Integer> byStart;
        private final List<Integer> open = new ArrayList<>();
        private int next;

        ActiveProjects(List<Integer> byStart) {
            this.byStart = byStart;
        }

        void openUntil(LocalDate day) {
            while (next < byStart.size()
                    && !world.projects.get(byStart.get(next)).activeFrom().isAfter(day)) {
                open.add(byStart.get(next++));
            }
        }

        /** A project active on {@code day}, or -1 when there is none. */
        int pick(LocalDate day, Random random) {
            while (!open.isEmpty()) {
                int i = random.nextInt(open.size());
                int p = open.get(i);
                if (!world.projects.get(p).activeTo().isBefore(day)) {
                    return p;
                }
                open.set(i, open.getLast());
                open.removeLast();
            }
            return -1;
        }
    }
}
