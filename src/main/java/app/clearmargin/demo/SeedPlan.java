package app.clearmargin.demo;

import app.clearmargin.platform.Seeder;

/**
 * How much the {@code seed} command writes. Without options it is the shape the Payload peer is
 * seeded with (50 clients, 200 contacts, 500 projects, 2,000 invoices, 20,000 time entries), plus
 * the members our rate cascade needs; with only {@code --clients} the rest scales in the same
 * proportions (4 contacts, 10 projects, 40 invoices and 400 time entries per client). Projects count
 * every client's default "General" project, so {@code /api/projects} answers exactly {@code projects}.
 */
record SeedPlan(
        int clients,
        int contacts,
        int projects,
        int members,
        int invoices,
        int timeEntries,
        int proposals,
        int transactions,
        long seed) {

    static SeedPlan from(Seeder.SeedOptions options) {
        int clients = options.number("clients", 50);
        SeedPlan plan = new SeedPlan(
                clients,
                options.number("contacts", perClient(clients, 4)),
                options.number("projects", perClient(clients, 10)),
                options.number("members", 10),
                options.number("invoices", perClient(clients, 40)),
                options.number("time-entries", perClient(clients, 400)),
                options.number("proposals", 0),
                options.number("transactions", 0),
                options.number("seed", 42));
        plan.check();
        return plan;
    }

    private static int perClient(int clients, int each) {
        long n = (long) clients * each;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "--clients " + clients + " is too many to derive the other counts from; " + "give them explicitly");
        }
        return (int) n;
    }

    private void check() {
        if (projects < clients) {
            throw new IllegalArgumentException("--projects (" + projects + ") must be at least --clients (" + clients
                    + "): every client has its default project");
        }
        boolean needsClients = contacts > 0 || invoices > 0 || timeEntries > 0 || proposals > 0 || transactions > 0;
        if (clients == 0 && needsClients) {
            throw new IllegalArgumentException("contacts, projects, invoices, proposals, transactions and time entries "
                    + "belong to clients: give --clients of at least 1");
        }
        if (timeEntries > 0 && members == 0) {
            throw new IllegalArgumentException("time entries are logged by members: give --members of at least 1");
        }
    }
}
