package app.clearmargin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.tenancy.Tenant;
import app.clearmargin.tenancy.TenantScope;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The module rules of DESIGN.md: arrows point toward {@code shared}; {@code query} and {@code shared}
 * are plain Java; the generic engine knows no capability; nobody depends on {@code webhooks} or
 * {@code scheduling}; money is never binary floating point.
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("app.clearmargin");

    static final String[] CAPABILITIES = {"..crm..", "..work..", "..catalog..", "..ledger..", "..billing..", "..proposals..",
        "..events..", "..webhooks..", "..scheduling..", "..apikeys..", "..audit..", "..mail.."};
    static final String[] DOMAIN = {"..crm..", "..work..", "..catalog..", "..ledger..", "..billing..", "..proposals.."};

    @Test
    void sharedDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage("app.clearmargin.shared..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "app.clearmargin.shared..", "")
                .check(MAIN);
    }

    @Test
    void queryIsPlainJavaOverJooqWithTheTenantScopeAsItsOnlyOtherDependency() {
        classes().that().resideInAPackage("app.clearmargin.query..")
                .should().onlyDependOnClassesThat(DescribedPredicate.or(
                        JavaClass.Predicates.resideInAnyPackage(
                                "java..", "org.jooq..", "app.clearmargin.query..", "app.clearmargin.shared..", ""),
                        JavaClass.Predicates.belongToAnyOf(Tenant.class, TenantScope.class)))
                .check(MAIN);
    }

    @Test
    void neitherSharedNorQueryKnowsSpringOrTheServletApi() {
        noClasses().that().resideInAnyPackage("app.clearmargin.shared..", "app.clearmargin.query..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..", "tools.jackson..")
                .check(MAIN);
    }

    @Test
    void tenancyDependsOnlyOnSharedOfOurs() {
        noClasses().that().resideInAPackage("app.clearmargin.tenancy..")
                .should().dependOnClassesThat().resideInAnyPackage(concat(CAPABILITIES, "..collections..", "..query..", "..web..",
                        "..auth.."))
                .check(MAIN);
    }

    @Test
    void theCollectionEngineKnowsNoCapability() {
        noClasses().that().resideInAPackage("app.clearmargin.collections..")
                .should().dependOnClassesThat().resideInAnyPackage(CAPABILITIES)
                .check(MAIN);
    }

    /** A capability may publish an endpoint of its own (the profitability report); only that adapter sees HTTP. */
    @Test
    void domainCapabilitiesDoNotDependOnTheHttpLayer() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .and().haveSimpleNameNotEndingWith("Controller")
                .should().dependOnClassesThat().resideInAnyPackage("app.clearmargin.web..", "app.clearmargin.auth..",
                        "app.clearmargin.ratelimit..", "app.clearmargin.idempotency..", "jakarta.servlet..",
                        "org.springframework.web..", "org.springframework.http..")
                .check(MAIN);
    }

    @Test
    void nobodyDependsOnWebhooksButSchedulingAndPlatform() {
        noClasses().that().resideOutsideOfPackages("app.clearmargin.webhooks..", "app.clearmargin.scheduling..",
                        "app.clearmargin.platform..")
                .and().doNotHaveFullyQualifiedName(Clearmargin.class.getName())
                .should().dependOnClassesThat().resideInAPackage("app.clearmargin.webhooks..")
                .check(MAIN);
    }

    @Test
    void nobodyDependsOnSchedulingButPlatform() {
        noClasses().that().resideOutsideOfPackages("app.clearmargin.scheduling..", "app.clearmargin.platform..")
                .and().doNotHaveFullyQualifiedName(Clearmargin.class.getName())
                .should().dependOnClassesThat().resideInAPackage("app.clearmargin.scheduling..")
                .check(MAIN);
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("app.clearmargin.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void controllersAreNotPublic() {
        classes().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .should().notBePublic()
                .check(MAIN);
    }

    // ---------------------------------------------------------------- money

    /**
     * Money code holds no float or double: no field, parameter or return value of one (primitive or boxed), no
     * call that yields one from a BigDecimal, and no BigDecimal made from one. (Bytecode shows no local
     * variable types, so arithmetic on a local double alone would go unseen.)
     */
    static ArchRule noBinaryFloatingPointIn(String... packages) {
        ArchRule boxedAndConversions = noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().belongToAnyOf(Double.class, Float.class)
                .orShould().callMethod(BigDecimal.class, "doubleValue")
                .orShould().callMethod(BigDecimal.class, "floatValue")
                .orShould().callMethod(BigDecimal.class, "valueOf", double.class)
                .orShould().callConstructor(BigDecimal.class, double.class);
        ArchRule primitives = classes().that().resideInAnyPackage(packages).should(DECLARE_NO_PRIMITIVE_FLOATING_POINT);
        return CompositeArchRule.of(boxedAndConversions).and(primitives)
                .because("money is exact (API.md §1): never binary floating point");
    }

    private static boolean floatingPoint(JavaClass type) {
        return type.isEquivalentTo(double.class) || type.isEquivalentTo(float.class)
                || type.isEquivalentTo(double[].class) || type.isEquivalentTo(float[].class);
    }

    static final ArchCondition<JavaClass> DECLARE_NO_PRIMITIVE_FLOATING_POINT =
            new ArchCondition<>("declare no float or double field, parameter or return value") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    for (JavaField f : c.getFields()) {
                        if (floatingPoint(f.getRawType())) {
                            events.add(SimpleConditionEvent.violated(f, f.getFullName() + " is a " + f.getRawType().getName()));
                        }
                    }
                    for (JavaCodeUnit u : c.getCodeUnits()) {
                        if (floatingPoint(u.getRawReturnType())) {
                            events.add(SimpleConditionEvent.violated(u, u.getFullName() + " returns a "
                                    + u.getRawReturnType().getName()));
                        }
                        for (JavaClass p : u.getRawParameterTypes()) {
                            if (floatingPoint(p)) {
                                events.add(SimpleConditionEvent.violated(u, u.getFullName() + " takes a " + p.getName()));
                            }
                        }
                    }
                }
            };

    @Test
    void moneyCodeNeverUsesBinaryFloatingPoint() {
        noBinaryFloatingPointIn("app.clearmargin.billing..", "app.clearmargin.ledger..", "app.clearmargin.proposals..")
                .check(MAIN);
        noBinaryFloatingPointIn("app.clearmargin.shared..").check(new ClassFileImporter().importClasses(
                app.clearmargin.shared.Money.class));
    }

    /** The money rule catches each kind of floating point use, so its passing above means something. */
    @Test
    void theMoneyRuleCatchesFloatingPoint() {
        for (Class<?> offender : java.util.List.of(FloatingPointFixtures.DoubleField.class, FloatingPointFixtures.FloatReturn.class,
                FloatingPointFixtures.BoxedParameter.class, FloatingPointFixtures.ToDouble.class,
                FloatingPointFixtures.FromDouble.class)) {
            JavaClasses imported = new ClassFileImporter().importClasses(offender);
            assertThatThrownBy(() -> noBinaryFloatingPointIn("app.clearmargin..").check(imported))
                    .as(offender.getSimpleName()).isInstanceOf(AssertionError.class);
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
            void pay(Double amount) {
            }
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
