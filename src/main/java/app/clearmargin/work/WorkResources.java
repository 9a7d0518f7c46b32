package app.clearmargin.work;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.collections.Collection;
import java.math.BigDecimal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Projects, milestones and time entries (API.md §3). */
@Configuration(proxyBeanMethods = false)
class WorkResources {

    @Bean
    Collection projectsCollection() {
        return Collection.define("projects")
                .singular("Project")
                .idPrefix("project")
                .description("Client projects with scope tracking")
                .fields(
                        ref("client", "clients").asRequired(),
                        text("name", 1, 200).asRequired(),
                        choice("status", "active", "on_hold", "completed", "cancelled", "archived"),
                        choice("billingType", "hourly", "fixed", "retainer", "non_billable"),
                        money("budgetAmount"),
                        number("budgetHours", BigDecimal.ZERO, false, null, 2),
                        date("startDate"),
                        date("endDate"),
                        date("eventDate"),
                        object("rates", money("standard"), money("overtime"), money("rush")),
                        number("retainerHoursPerMonth", BigDecimal.ZERO, false, null, 2),
                        items(
                                "scopeItems",
                                text("description", 1, 1000).asRequired(),
                                number("quantity", BigDecimal.ZERO, false, null, 4)
                                        .withDefault(BigDecimal.ONE),
                                text("unit", 0, 50),
                                money("rate"),
                                money("amount").asReadOnly(),
                                ref("catalogItem", "catalog-items")),
                        text("currency").asReadOnly(),
                        bool("isDefault").asReadOnly().withDefault(false),
                        ref("sourceProposal", "proposals").asReadOnly())
                .build();
    }

    @Bean
    Collection milestonesCollection() {
        return Collection.define("milestones")
                .singular("Milestone")
                .idPrefix("ms")
                .description("Project and proposal milestones")
                .fields(
                        ref("project", "projects"),
                        ref("proposal", "proposals"),
                        text("name", 1, 200).asRequired(),
                        text("description"),
                        date("dueDate"),
                        choice("status", MilestoneStatus.wires()),
                        instant("completedAt").asReadOnly(),
                        integer("sortOrder", -1_000_000, 1_000_000),
                        money("amount"))
                .build();
    }

    @Bean
    Collection timeEntriesCollection() {
        return Collection.define("time-entries")
                .singular("Time Entry")
                .idPrefix("te")
                .description("Time logged against projects")
                .fields(
                        ref("project", "projects").asRequired(),
                        ref("member", "members"),
                        date("date").asRequired(),
                        number("hours", BigDecimal.ZERO, true, BigDecimal.valueOf(24), 2)
                                .asRequired(),
                        text("description"),
                        bool("billable").withDefault(true),
                        choice("rateType", "standard", "overtime", "rush"),
                        money("rate").asReadOnly(),
                        money("costRate").asReadOnly(),
                        money("amount").asReadOnly(),
                        ref("invoice", "invoices").asReadOnly(),
                        choice("status", TimeEntryStatus.wires()).asReadOnly())
                .build();
    }
}
