package app.clearmargin.demo;

import java.util.List;
import java.util.Random;

/** The vocabulary of the bulk seed, the same word lists the Payload peer's seed.mjs draws from. */
final class SeedWords {

    static final List<String> ADJECTIVES = List.of(
            "Acme",
            "Blue",
            "Northern",
            "Silver",
            "Bright",
            "Quantum",
            "Green",
            "Red",
            "Summit",
            "Pioneer",
            "Atlas",
            "Nova",
            "Harbor",
            "Cedar",
            "Falcon",
            "Orbit",
            "Vertex",
            "Lumen",
            "Granite",
            "Willow");
    static final List<String> NOUNS = List.of(
            "Analytics",
            "Logistics",
            "Studios",
            "Systems",
            "Foods",
            "Health",
            "Robotics",
            "Media",
            "Energy",
            "Partners",
            "Labs",
            "Ventures",
            "Design",
            "Capital",
            "Works");
    static final List<String> SUFFIXES = List.of("Ltd", "GmbH", "Inc", "LLC", "SA", "BV", "AG", "Co");
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP", "CHF");
    static final List<String> NOTES = List.of(
            "Prefers email contact.",
            "Net 30 payment terms agreed.",
            "Key account, quarterly review.",
            "Invoices go to the finance department.",
            "Legacy client migrated from old system.",
            "Requires PO number on every invoice.");
    static final List<String> FIRST_NAMES = List.of(
            "Anna", "Ben", "Carla", "David", "Eva", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Liam", "Mara",
            "Noah", "Olga", "Paul", "Quinn", "Rosa", "Sven", "Tara");
    static final List<String> LAST_NAMES = List.of(
            "Meyer",
            "Smith",
            "Rossi",
            "Dubois",
            "Novak",
            "Garcia",
            "Jensen",
            "Kowalski",
            "Brown",
            "Schulz",
            "Martin",
            "Silva",
            "Berg",
            "Fischer",
            "Costa");
    static final List<String> TITLES = List.of(
            "CEO",
            "CFO",
            "CTO",
            "Project Manager",
            "Accountant",
            "Developer",
            "Designer",
            "Procurement",
            "Marketing Lead",
            "Office Manager");
    static final List<String> PROJECT_KINDS = List.of(
            "Website Redesign",
            "Mobile App",
            "Data Migration",
            "Cloud Setup",
            "Brand Refresh",
            "API Integration",
            "Security Audit",
            "ERP Rollout",
            "Analytics Dashboard",
            "Support Retainer");
    static final List<String> VERBS = List.of(
            "Implemented",
            "Reviewed",
            "Designed",
            "Tested",
            "Fixed",
            "Refactored",
            "Documented",
            "Deployed",
            "Planned",
            "Discussed");
    static final List<String> OBJECTS = List.of(
            "login flow",
            "invoice export",
            "database schema",
            "landing page",
            "search feature",
            "CI pipeline",
            "reporting module",
            "user onboarding",
            "payment integration",
            "performance issues",
            "sprint backlog",
            "client feedback");
    static final List<String> SERVICES = List.of(
            "Design & UX",
            "Development",
            "Project management",
            "QA & testing",
            "Content production",
            "Technical consulting");
    static final List<String> FIXED_FEES = List.of(
            "Discovery workshop",
            "Hosting & maintenance (monthly)",
            "Launch support package",
            "Licence fees (pass-through)",
            "Analytics setup");
    static final List<String> CITIES = List.of(
            "Berlin",
            "Hamburg",
            "London",
            "Zurich",
            "Amsterdam",
            "New York",
            "Austin",
            "Lisbon",
            "Vienna",
            "Copenhagen");
    static final List<String> VENDORS = List.of(
            "Deutsche Bahn",
            "Lufthansa",
            "Adobe",
            "Figma",
            "Google Workspace",
            "Amazon Web Services",
            "Freelance illustrator",
            "Print & Co",
            "Getty Images",
            "WeWork");
    static final List<String> CARD_BRANDS = List.of("visa", "mastercard", "amex");

    private SeedWords() {}

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Inclusive bounds, like the peer's {@code int(lo, hi)}. */
    static int between(Random random, int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** {@code "Acme Analytics Ltd"} → {@code "acme-analytics-ltd"}. */
    static String slug(String s) {
        return s.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** A value drawn by weight: {@code weighted(random, "active", 70, "inactive", 20, "archived", 10)}. */
    static String weighted(Random random, Object... valuesAndWeights) {
        int total = 0;
        for (int i = 1; i < valuesAndWeights.length; i += 2) {
            total += (Integer) valuesAndWeights[i];
        }
        int r = random.nextInt(total);
        for (int i = 0; i < valuesAndWeights.length; i += 2) {
            r -= (Integer) valuesAndWeights[i + 1];
            if (r < 0) {
                return (String) valuesAndWeights[i];
            }
        }
        throw new IllegalStateException("weights must be positive");
    }
}
