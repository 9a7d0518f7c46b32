package app.clearmargin.collections;

import app.clearmargin.auth.Principal;
import app.clearmargin.tenancy.Organizations;
import app.clearmargin.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Builds the {@link WriteContext} of a request: its organization, key, request id and time. */
@Component
public class WriteContexts {

    private final Organizations organizations;
    private final Clock clock;

    WriteContexts(Organizations organizations, Clock clock) {
        this.organizations = organizations;
        this.clock = clock;
    }

    public WriteContext of(HttpServletRequest request) {
        Principal p = Principal.current();
        return new WriteContext(
                organizations.current(),
                new Actor(p.publicKeyId(), p.keyName()),
                RequestIds.of(request),
                clock.instant());
    }

    /** For scheduled work of the bound organization. */
    public WriteContext system(String requestId) {
        return new WriteContext(organizations.current(), Actor.SYSTEM, requestId, clock.instant());
    }
}
