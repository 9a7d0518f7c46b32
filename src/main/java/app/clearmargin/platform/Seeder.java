package app.clearmargin.platform;

import app.clearmargin.tenancy.Organization;

/** Bulk data for benchmarks ({@code seed}), provided by the demo data package. */
public interface Seeder {

    /** Seeds {@code organization} as the command's options say; returns a summary printed as JSON. */
    Object seed(Organization organization, SeedOptions options);

    /** The seed command's options. */
    interface SeedOptions {
        int number(String option, int fallback);
    }
}
