package app.clearmargin.crm;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Field;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Clients, contacts, members and calendar events (API.md §3). */
@Configuration(proxyBeanMethods = false)
class CrmResources {

    static Field rates() {
        return object("rates", money("standard"), money("overtime"), money("rush"));
    }

    @Bean
    Collection clientsCollection() {
        return Collection.define("clients")
                .singular("Client")
                .idPrefix("client")
                .description("Client and company records")
                .fields(
                        text("name", 1, 200).asRequired(),
                        email("email"),
                        text("phone", 0, 50),
                        address("address"),
                        choice("status", "active", "inactive", "archived"),
                        currency("currency"),
                        text("taxId", 0, 50),
                        integer("paymentTermsDays", 0, 365),
                        rates(),
                        text("notes"))
                .build();
    }

    @Bean
    Collection contactsCollection() {
        return Collection.define("contacts")
                .singular("Contact")
                .idPrefix("contact")
                .description("Contact people on clients")
                .fields(
                        ref("client", "clients").asRequired(),
                        text("name", 1, 200).asRequired(),
                        email("email"),
                        text("phone", 0, 50),
                        text("title", 0, 100),
                        bool("isPrimary").withDefault(false),
                        text("notes"))
                .build();
    }

    @Bean
    Collection membersCollection() {
        return Collection.define("members")
                .singular("Member")
                .idPrefix("member")
                .description("Team members and their rates")
                .fields(
                        text("name", 1, 200).asRequired(),
                        email("email").asRequired(),
                        choice("role", "member", "admin", "viewer"),
                        object("rates", money("standard").asRequired(), money("overtime"), money("rush"))
                                .asRequired(),
                        money("costRate"),
                        bool("active").withDefault(true))
                .build();
    }

    @Bean
    Collection calendarEventsCollection() {
        return Collection.define("calendar-events")
                .singular("Calendar Event")
                .idPrefix("cal")
                .description("Schedule calendar events")
                .fields(
                        text("title", 1, 200).asRequired(),
                        text("description"),
                        instant("startAt").asRequired(),
                        instant("endAt"),
                        bool("allDay").withDefault(false),
                        text("location", 0, 200),
                        pattern("color", "#[0-9a-fA-F]{6}", "This field must be a colour such as #1a2b3c."),
                        ref("project", "projects"),
                        ref("client", "clients"),
                        choice("source", "manual").asReadOnly())
                .defaultSort("-createdAt")
                .build();
    }
}
