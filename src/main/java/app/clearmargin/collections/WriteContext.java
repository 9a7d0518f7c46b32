package app.clearmargin.collections;

import app.clearmargin.tenancy.Organization;
import java.time.Instant;
import java.time.LocalDate;

/** What a write knows about its circumstances: organization settings, actor, request id and the time. */
public record WriteContext(Organization organization, Actor actor, String requestId, Instant now) {

    public LocalDate today() {
        return organization.today(now);
    }

    public String currency() {
        return organization.currency();
    }
}
