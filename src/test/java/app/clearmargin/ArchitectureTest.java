package app.clearmargin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.tenancy.Tenant;
import app.clearmargin.tenancy.TenantScope;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The module rules of DESIGN.md: arrows point toward {@code shared}; {@code query} and {@code shared}
 * are plain Java; the generic engine knows no capability; nobody depends on {@code webhooks} or
 * {@code scheduling}; each capability is entered through its door only and writes no other's
 * collections; {@code organization_id} is named only by tenancy, the engine and the listed
 * cross-tenant workers; nothing is injected lazily; money is never binary floating point.
 */
class ArchitectureTest {

    /** jte's template classes (generated from src/main/jte into printing): public by construction. */
    static final Pattern JTE_GENERATED = Pattern.compile(".*/Jte[^/]*Generated(\\$[^/]*)?\\.class");

    /**
     * Spring AOT's bean-definition code (the build's process-aot, docs/operations.md "Fast start"): public
     * by construction, and it names every bean's class.
     */
    static final Pattern SPRING_AOT_GENERATED = Pattern.compile(
            ".*/[^/]*__(BeanDefinitions|Autowiring|ApplicationContextInitializer|BeanFactoryRegistrations)"
                    + "(\\$[^/]*)?\\.class");

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // jte's classes generated from src/main/jte are public by construction (printing's templates)
            .withImportOption(location -> !location.matches(JTE_GENERATED))
            .withImportOption(location -> !location.matches(SPRING_AOT_GENERATED))
            .importPackages("app.clearmargin");

    static final String[] CAPABILITIES = {
        "..crm..",
        "..work..",
        "..catalog..",
        "..ledger..",
        "..billing..",
        "..proposals..",
        "..events..",
        "..webhooks..",
        "..scheduling..",
        "..apikeys..",
        "..audit..",
        "..mail..",
        "..printing..",
        "..portal.."
    };
    static final String[] DOMAIN = {"..crm..", "..work..", "..catalog..", "..ledger..", "..billing..", "..proposals.."};

    @Test
    void sharedDependsOnNothingButTheJdk() {
        classes()
                .that()
                .resideInAPackage("app.clearmargin.shared..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "app.clearmargin.shared..", "")
                .check(MAIN);
    }

    @Test
    void queryIsPlainJavaOverJooqWithTheTenantScopeAsItsOnlyOtherDependency() {
        classes()
                .that()
                .resideInAPackage("app.clearmargin.query..")
                .should()
                .onlyDependOnClassesThat(DescribedPredicate.or(
                        JavaClass.Predicates.resideInAnyPackage(
                                "java..", "org.jooq..", "app.clearmargin.query..", "app.clearmargin.shared..", ""),
                        JavaClass.Predicates.belongToAnyOf(Tenant.class, TenantScope.class)))
                .check(MAIN);
    }

    @Test
    void neitherSharedNorQueryKnowsSpringOrTheServletApi() {
        noClasses()
                .that()
                .resideInAnyPackage("app.clearmargin.shared..", "app.clearmargin.query..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.servlet..", "tools.jackson..")
                .check(MAIN);
    }

    @Test
    void tenancyDependsOnlyOnSharedOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("app.clearmargin.tenancy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(CAPABILITIES, "..collections..", "..query..", "..web..", "..auth.."))
                .check(MAIN);
    }

    @Test
    void theCollectionEngineKnowsNoCapability() {
        noClasses()
                .that()
                .resideInAPackage("app.clearmargin.collections..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(CAPABILITIES)
                .check(MAIN);
    }

    /** A capability may publish an endpoint of its own (the profitability report); only that adapter sees HTTP. */
    @Test
    void domainCapabilitiesDoNotDependOnTheHttpLayer() {
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN)
                .and()
                .haveSimpleNameNotEndingWith("Controller")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "app.clearmargin.web..",
                        "app.clearmargin.auth..",
                        "app.clearmargin.ratelimit..",
                        "app.clearmargin.idempotency..",
                        "jakarta.servlet..",
                        "org.springframework.web..",
                        "org.springframework.http..")
                .check(MAIN);
    }

    @Test
    void nobodyDependsOnWebhooksButSchedulingAndPlatform() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "app.clearmargin.webhooks..", "app.clearmargin.scheduling..", "app.clearmargin.platform..")
                .and()
                .doNotHaveFullyQualifiedName(Clearmargin.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("app.clearmargin.webhooks..")
                .check(MAIN);
    }

    @Test
    void nobodyDependsOnSchedulingButPlatform() {
        noClasses()
                .that()
                .resideOutsideOfPackages("app.clearmargin.scheduling..", "app.clearmargin.platform..")
                .and()
                .doNotHaveFullyQualifiedName(Clearmargin.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("app.clearmargin.scheduling..")
                .check(MAIN);
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("app.clearmargin.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void controllersAreNotPublic() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .or()
                .areAnnotatedWith(Controller.class)
                .should()
                .notBePublic()
                .check(MAIN);
    }

    // ---------------------------------------------------------------- doors

    /**
     * The door of each capability: the types other packages may use, besides the public records and enums
     * the capability exports (and what they nest). Every other class of the package is package-private.
     */
    static final Map<String, Set<String>> DOORS = Map.ofEntries(
            Map.entry("crm", Set.of("Crm")),
            Map.entry("work", Set.of("Work")),
            Map.entry("catalog", Set.of()),
            Map.entry("ledger", Set.of("Ledger")),
            // PaymentProvider: the seam payments implements, so billing refunds through a provider without its client
            Map.entry("billing", Set.of("Billing", "PaymentProvider")),
            Map.entry("proposals", Set.of("Proposals")),
            // the event names are the wire vocabulary of API.md §5: webhook subscriptions are checked against it
            Map.entry("events", Set.of("Events", "EventTypes")),
            Map.entry("webhooks", Set.of("Deliveries")),
            Map.entry("scheduling", Set.of("TimeSweeps")),
            Map.entry("apikeys", Set.of()),
            Map.entry("audit", Set.of()),
            Map.entry("mail", Set.of("Mailer")),
            // the documents: HTML and PDF of invoices, proposals, receipts (DocumentKind is an exported enum)
            Map.entry("printing", Set.of("Printing")),
            // the documents' private links: issued, rotated and resolved (LinkKind is an exported enum)
            Map.entry("links", Set.of("DocumentLinks")),
            // the client pages under /c/: nothing depends on them
            Map.entry("portal", Set.of()),
            // online payments (API.md §9): the Stripe connection and "Pay online" (OnlinePayment: its closed set of
            // answers, records)
            Map.entry("payments", Set.of("Payments", "OnlinePayment")));

    /** The capability a class belongs to, or null for the engine, the platform, the demo and the rest. */
    static String capabilityOf(JavaClass c, Map<String, Set<String>> doors) {
        String pkg = c.getPackageName();
        if (!pkg.startsWith("app.clearmargin.")) {
            return null;
        }
        String first = pkg.substring("app.clearmargin.".length()).split("\\.")[0];
        return doors.containsKey(first) ? first : null;
    }

    /** A door type, something nested in one, or a public record or enum (the data a capability exports). */
    static boolean exported(JavaClass type, Set<String> door) {
        JavaClass top = type;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        if (door.contains(top.getSimpleName())) {
            return true;
        }
        for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
            boolean record = c.getRawSuperclass()
                    .map(s -> s.isEquivalentTo(Record.class))
                    .orElse(false);
            if (c.getModifiers().contains(JavaModifier.PUBLIC) && (record || c.isEnum())) {
                return true;
            }
        }
        return false;
    }

    static ArchCondition<JavaClass> enterCapabilitiesByTheirDoors(Map<String, Set<String>> doors) {
        return new ArchCondition<>(
                "use another capability only through its door and the records and enums it exports") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String own = capabilityOf(c, doors);
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    String theirs = capabilityOf(target, doors);
                    if (theirs != null && !theirs.equals(own) && !exported(target, doors.get(theirs))) {
                        events.add(SimpleConditionEvent.violated(
                                d,
                                d.getDescription() + ": " + target.getName() + " is behind the door of " + theirs + " "
                                        + doors.get(theirs)));
                    }
                }
            }
        };
    }

    static ArchCondition<JavaClass> bePackagePrivateUnlessADoorOrExportedData(Map<String, Set<String>> doors) {
        return new ArchCondition<>("be package-private unless a door or exported data") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String own = capabilityOf(c, doors);
                if (own != null
                        && c.isTopLevelClass()
                        && c.getModifiers().contains(JavaModifier.PUBLIC)
                        && !exported(c, doors.get(own))) {
                    events.add(SimpleConditionEvent.violated(
                            c,
                            c.getName() + " is public but neither the door of " + own + " " + doors.get(own)
                                    + " nor a record or enum it exports"));
                }
            }
        };
    }

    @Test
    void everyCapabilityIsEnteredThroughItsDoorOnly() {
        classes().should(enterCapabilitiesByTheirDoors(DOORS)).check(MAIN);
    }

    @Test
    void everythingBehindADoorIsPackagePrivate() {
        classes().should(bePackagePrivateUnlessADoorOrExportedData(DOORS)).check(MAIN);
    }

    /** With billing's door closed, the rules refuse a caller of {@code Billing} and {@code Billing} being public. */
    @Test
    void theDoorRulesNameTheClassThatReachesBehindADoor() {
        Map<String, Set<String>> billingClosed = new java.util.HashMap<>(DOORS);
        billingClosed.put("billing", Set.of());
        JavaClasses caller =
                new ClassFileImporter().importClasses(DoorFixture.class, app.clearmargin.billing.Billing.class);
        assertThatThrownBy(() -> classes()
                        .should(enterCapabilitiesByTheirDoors(billingClosed))
                        .check(caller))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(DoorFixture.class.getName())
                .hasMessageContaining("app.clearmargin.billing.Billing is behind the door of billing");
        assertThatThrownBy(() -> classes()
                        .should(bePackagePrivateUnlessADoorOrExportedData(billingClosed))
                        .check(caller))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("app.clearmargin.billing.Billing is public");
        classes().should(enterCapabilitiesByTheirDoors(DOORS)).check(caller);
    }

    /** A class using billing's door and an exported record (test sources only; never imported into {@link #MAIN}). */
    static final class DoorFixture {
        app.clearmargin.billing.Totals totals(app.clearmargin.billing.Billing billing) {
            return billing == null ? null : app.clearmargin.billing.Billing.totals(null, "EUR");
        }
    }

    // ---------------------------------------------------------------- lazy injection

    /** Every {@code @Lazy} on a class, field, constructor, method or parameter. */
    static List<String> lazyUses(JavaClasses classes) {
        List<String> out = new ArrayList<>();
        for (JavaClass c : classes) {
            if (c.isAnnotatedWith(Lazy.class)) {
                out.add(c.getName());
            }
            c.getFields().stream().filter(f -> f.isAnnotatedWith(Lazy.class)).forEach(f -> out.add(f.getFullName()));
            for (JavaCodeUnit u : c.getCodeUnits()) {
                if (u.isAnnotatedWith(Lazy.class)) {
                    out.add(u.getFullName());
                }
                for (JavaParameter p : u.getParameters()) {
                    if (p.isAnnotatedWith(Lazy.class)) {
                        out.add(u.getFullName() + " parameter " + p.getIndex());
                    }
                }
            }
        }
        return out;
    }

    /** Definitions are plain data and hooks are bound by slug, so no bean needs another one lazily. */
    @Test
    void nothingIsInjectedLazily() {
        assertThat(lazyUses(MAIN)).as("@Lazy in main").isEmpty();
    }

    @Test
    void theLazyCountSeesALazyConstructorParameter() {
        assertThat(lazyUses(new ClassFileImporter().importClasses(LazyFixture.class)))
                .hasSize(1);
    }

    /** A bean taking its dependency lazily (test sources only). */
    static final class LazyFixture {
        private final Object dependency;

        LazyFixture(@Lazy Object dependency) {
            this.dependency = dependency;
        }
    }

    // ---------------------------------------------------------------- source scans
    // ArchUnit sees types, not the slugs and SQL in strings: these two rules read the main sources.

    static final Path MAIN_SOURCES = Path.of("src/main/java/app/clearmargin");

    /** A collection and the capability whose package defines it. */
    record Owned(String capability, String slug, String table) {}

    static List<Owned> definitions() throws IOException {
        Pattern define = Pattern.compile("Collection\\.define\\(\"([a-z-]+)\"\\)(.*?)\\.build\\(\\)", Pattern.DOTALL);
        Pattern table = Pattern.compile("\\.table\\(\"([a-z_]+)\"\\)");
        List<Owned> out = new ArrayList<>();
        for (String capability : DOORS.keySet()) {
            for (Path file : sources(MAIN_SOURCES.resolve(capability))) {
                Matcher m = define.matcher(Files.readString(file));
                while (m.find()) {
                    Matcher t = table.matcher(m.group(2));
                    out.add(new Owned(
                            capability,
                            m.group(1),
                            t.find() ? t.group(1) : m.group(1).replace('-', '_')));
                }
            }
        }
        return out;
    }

    static List<Path> sources(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /**
     * The writes in {@code source} (of {@code capability}) to a collection another capability defines: a
     * {@code Collection} taken for the engine's writes, a row locked or stored by slug, a jOOQ update,
     * insert or delete of its layout's table, or SQL that updates, inserts into or deletes from its table.
     * Reads (find, findWhere, layout columns in conditions) are not writes.
     */
    static List<String> foreignWrites(String capability, String source, List<Owned> owned) {
        List<String> out = new ArrayList<>();
        for (Owned o : owned) {
            if (o.capability().equals(capability)) {
                continue;
            }
            String slug = Pattern.quote("\"" + o.slug() + "\"");
            List<Pattern> writes = new ArrayList<>(List.of(
                    Pattern.compile("registry\\.(get|find)\\(\\s*" + slug + "\\s*\\)"),
                    Pattern.compile("\\b(findForUpdate|findWhereForUpdate|insert|update|delete)\\(\\s*" + slug),
                    Pattern.compile("(?i)\\b(update|insert\\s+into|delete\\s+from)\\s+\"?" + Pattern.quote(o.table())
                            + "\\b")));
            Matcher layout = Pattern.compile("(\\w+)\\s*=\\s*registry\\.layout\\(\\s*" + slug + "\\s*\\)")
                    .matcher(source);
            while (layout.find()) {
                writes.add(Pattern.compile(
                        "\\b(update|insertInto|deleteFrom|mergeInto)\\(\\s*" + layout.group(1) + "\\.table\\(\\)"));
            }
            for (Pattern p : writes) {
                Matcher m = p.matcher(source);
                while (m.find()) {
                    out.add(o.slug() + " (of " + o.capability() + "): " + m.group());
                }
            }
        }
        return out;
    }

    /** Writes to another capability's collection that are not document writes, by file and slug, and why. */
    static final Map<String, String> FOREIGN_WRITES_ALLOWED = Map.of(
            "webhooks/OutboxDispatcher.java events",
            "the outbox dispatcher sets the outbox's internal dispatched flag "
                    + "on the events it fanned out; no document field changes");

    /**
     * A capability writes only the collections it defines; another's go through that capability's door,
     * so its hooks, audit rules and {@code updatedAt} apply.
     */
    @Test
    void aCapabilityWritesOnlyTheCollectionsItDefines() throws IOException {
        List<Owned> owned = definitions();
        assertThat(owned)
                .extracting(Owned::slug)
                .contains(
                        "clients",
                        "projects",
                        "time-entries",
                        "transactions",
                        "invoices",
                        "proposals",
                        "events",
                        "audit-log",
                        "webhook-deliveries");
        List<String> violations = new ArrayList<>();
        for (String capability : DOORS.keySet()) {
            for (Path file : sources(MAIN_SOURCES.resolve(capability))) {
                String relative = MAIN_SOURCES.relativize(file).toString().replace('\\', '/');
                foreignWrites(capability, Files.readString(file), owned).stream()
                        .filter(w ->
                                !FOREIGN_WRITES_ALLOWED.containsKey(relative + " " + w.substring(0, w.indexOf(' '))))
                        .forEach(w -> violations.add(relative + ": " + w));
            }
        }
        assertThat(violations).as("writes to another capability's collections").isEmpty();
    }

    @Test
    void theForeignWriteScanCatchesEachKindOfWrite() {
        List<Owned> owned = List.of(new Owned("work", "time-entries", "time_entries"));
        for (String offender : List.of(
                "documents.updateChecked(registry.get(\"time-entries\"), entry, draft, ctx, null);",
                "store.findWhereForUpdate(\"time-entries\", condition);",
                "store.insert(\"time-entries\", doc, Map.of());",
                "var te = registry.layout(\"time-entries\");\n db.update(te.table()).set(status, \"billed\").execute();",
                "db.execute(\"UPDATE time_entries SET status = 'unbilled' WHERE invoice = ?\", id);")) {
            assertThat(foreignWrites("billing", offender, owned)).as(offender).isNotEmpty();
        }
        String reads = "var te = registry.layout(\"time-entries\"); store.find(\"time-entries\", id);"
                + " store.findWhere(\"time-entries\", te.<UUID>column(\"invoice\").eq(id));";
        assertThat(foreignWrites("billing", reads, owned)).isEmpty();
        assertThat(foreignWrites("work", "store.findWhereForUpdate(\"time-entries\", condition);", owned))
                .isEmpty();
    }

    /**
     * Where main sources may name {@code organization_id} besides tenancy and the engine, and why: work
     * that spans organizations or runs before one is known.
     */
    static final Map<String, String> TENANT_COLUMN_NAMED = Map.ofEntries(
            Map.entry("tenancy/", "the one place tenant predicates and values are made"),
            Map.entry("collections/", "the engine: each layout's tenant column, bound from the tenant scope"),
            Map.entry(
                    "webhooks/DeliveryClaimer.java",
                    "the delivery worker claims due deliveries of every organization at once"),
            Map.entry(
                    "webhooks/OutboxDispatcher.java",
                    "the dispatcher fans out the outbox events of every organization at once"),
            Map.entry(
                    "webhooks/AttemptLog.java",
                    "the delivery worker records attempts of many organizations in one batch"),
            Map.entry("webhooks/DeliveryTable.java", "the delivery worker's columns"),
            Map.entry("scheduling/RowCounts.java", "row-count folding runs over every organization's deltas"),
            Map.entry("mail/MailTable.java", "the mail sender drains every organization's outbox"),
            Map.entry("auth/ApiKeyTable.java", "a key is looked up before any organization is known: the key names it"),
            Map.entry(
                    "links/DocumentLinks.java",
                    "a document's private link is looked up before any organization is known: the link names it"),
            Map.entry(
                    "idempotency/IdempotencyStore.java",
                    "idempotency records are keyed by the key's organization, "
                            + "in a filter around the request, outside any collection"),
            Map.entry(
                    "billing/Numbering.java",
                    "the counter upsert's conflict target is (organization_id, kind); "
                            + "the value comes from TenantScope"),
            Map.entry("demo/", "the bulk seeder copies rows into the organization it seeds, outside any request"));

    static boolean namesTenantColumnOutsideItsPlaces(String relativePath, String source) {
        return Pattern.compile("\\borganization_id\\b").matcher(source).find()
                && TENANT_COLUMN_NAMED.keySet().stream().noneMatch(relativePath::startsWith);
    }

    @Test
    void onlyTenancyTheEngineAndTheListedWorkersNameTheTenantColumn() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources(MAIN_SOURCES)) {
            String relative = MAIN_SOURCES.relativize(file).toString().replace('\\', '/');
            if (namesTenantColumnOutsideItsPlaces(relative, Files.readString(file))) {
                violations.add(relative);
            }
        }
        assertThat(violations)
                .as("organization_id named outside tenancy, the engine and %s", TENANT_COLUMN_NAMED.keySet())
                .isEmpty();
    }

    @Test
    void theTenantColumnScanCatchesAHandWrittenPredicate() {
        assertThat(
                        namesTenantColumnOutsideItsPlaces(
                                "events/Events.java",
                                ".where(DSL.field(DSL.name(\"organization_id\"), UUID.class).eq(TenantScope.organizationId()))"))
                .isTrue();
        assertThat(namesTenantColumnOutsideItsPlaces("events/Events.java", ".where(TenantScope.of(OCCURRENCES))"))
                .isFalse();
        assertThat(namesTenantColumnOutsideItsPlaces("tenancy/TenantScope.java", "COLUMN = \"organization_id\""))
                .isFalse();
    }

    // ---------------------------------------------------------------- money

    /**
     * Money code holds no float or double: no field, parameter or return value of one (primitive or boxed), no
     * call that yields one from a BigDecimal, and no BigDecimal made from one. (Bytecode shows no local
     * variable types, so arithmetic on a local double alone would go unseen.)
     */
    static ArchRule noBinaryFloatingPointIn(String... packages) {
        ArchRule boxedAndConversions = noClasses()
                .that()
                .resideInAnyPackage(packages)
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Double.class, Float.class)
                .orShould()
                .callMethod(BigDecimal.class, "doubleValue")
                .orShould()
                .callMethod(BigDecimal.class, "floatValue")
                .orShould()
                .callMethod(BigDecimal.class, "valueOf", double.class)
                .orShould()
                .callConstructor(BigDecimal.class, double.class);
        ArchRule primitives = classes().that().resideInAnyPackage(packages).should(DECLARE_NO_PRIMITIVE_FLOATING_POINT);
        return CompositeArchRule.of(boxedAndConversions)
                .and(primitives)
                .because("money is exact (API.md §1): never binary floating point");
    }

    private static boolean floatingPoint(JavaClass type) {
        return type.isEquivalentTo(double.class)
                || type.isEquivalentTo(float.class)
                || type.isEquivalentTo(double[].class)
                || type.isEquivalentTo(float[].class);
    }

    static final ArchCondition<JavaClass> DECLARE_NO_PRIMITIVE_FLOATING_POINT =
            new ArchCondition<>("declare no float or double field, parameter or return value") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    for (JavaField f : c.getFields()) {
                        if (floatingPoint(f.getRawType())) {
                            events.add(SimpleConditionEvent.violated(
                                    f,
                                    f.getFullName() + " is a " + f.getRawType().getName()));
                        }
                    }
                    for (JavaCodeUnit u : c.getCodeUnits()) {
                        if (floatingPoint(u.getRawReturnType())) {
                            events.add(SimpleConditionEvent.violated(
                                    u,
                                    u.getFullName() + " returns a "
                                            + u.getRawReturnType().getName()));
                        }
                        for (JavaClass p : u.getRawParameterTypes()) {
                            if (floatingPoint(p)) {
                                events.add(
                                        SimpleConditionEvent.violated(u, u.getFullName() + " takes a " + p.getName()));
                            }
                        }
                    }
                }
            };

    @Test
    void moneyCodeNeverUsesBinaryFloatingPoint() {
        noBinaryFloatingPointIn("app.clearmargin.billing..", "app.clearmargin.ledger..", "app.clearmargin.proposals..")
                .check(MAIN);
        noBinaryFloatingPointIn("app.clearmargin.shared..")
                .check(new ClassFileImporter().importClasses(app.clearmargin.shared.Money.class));
    }

    /** The money rule catches each kind of floating point use, so its passing above means something. */
    @Test
    void theMoneyRuleCatchesFloatingPoint() {
        for (Class<?> offender : java.util.List.of(
                FloatingPointFixtures.DoubleField.class,
                FloatingPointFixtures.FloatReturn.class,
                FloatingPointFixtures.BoxedParameter.class,
                FloatingPointFixtures.ToDouble.class,
                FloatingPointFixtures.FromDouble.class)) {
            JavaClasses imported = new ClassFileImporter().importClasses(offender);
            assertThatThrownBy(
                            () -> noBinaryFloatingPointIn("app.clearmargin..").check(imported))
                    .as(offender.getSimpleName())
                    .isInstanceOf(AssertionError.class);
        }
        noBinaryFloatingPointIn("app.clearmargin..")
                .check(new ClassFileImporter().importClasses(FloatingPointFixtures.Exact.class));
    }

    /** Classes the money rule must refuse (test sources only; never imported into {@link #MAIN}). */
    static final class FloatingPointFixtures {

        static final class DoubleField {
            double amount;
        }

        static final class FloatReturn {
            float rate() {
                return 1f;
            }
        }

        static final class BoxedParameter {
            void pay(Double amount) {}
        }

        static final class ToDouble {
            Object total(BigDecimal exact) {
                return exact.doubleValue();
            }
        }

        static final class FromDouble {
            BigDecimal total() {
                return BigDecimal.valueOf(0.1);
            }
        }

        static final class Exact {
            BigDecimal total(BigDecimal a) {
                return a.add(BigDecimal.ONE);
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
