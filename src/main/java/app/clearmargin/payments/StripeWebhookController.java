package app.clearmargin.payments;

import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import app.clearmargin.tenancy.Tenant;
import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.RequestBody;
import app.clearmargin.web.RequestIds;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /stripe/webhooks/<organizationId>} (API.md §9): no API key; the signature with the
 * organization's webhook secret is the authentication. 2xx once the event took effect (or never will:
 * a duplicate or an event that is none of ours), 400 for anything not signed by Stripe for this
 * organization, 409 while the payment it refers to is not recorded (Stripe sends it again).
 */
@RestController
@Hidden
class StripeWebhookController {

    private final Organizations organizations;
    private final StripeEvents events;

    StripeWebhookController(Organizations organizations, StripeEvents events) {
        this.organizations = organizations;
        this.events = events;
    }

    @PostMapping("/stripe/webhooks/{organizationId}")
    ResponseEntity<Map<String, Object>> receive(@PathVariable String organizationId, HttpServletRequest request) {
        UUID id = Ids.parse("org", organizationId).orElseThrow(ApiException::notFound);
        Organization org = organizations.find(id).orElseThrow(ApiException::notFound);
        // the signature covers the exact bytes Stripe sent
        String payload = new String(RequestBody.of(request), StandardCharsets.UTF_8);
        String signature = request.getHeader("Stripe-Signature");
        StripeEvents.Receipt receipt =
                new Tenant(id).call(() -> events.receive(org, payload, signature, RequestIds.of(request)));
        return ResponseEntity.ok().contentType(ErrorResponder.JSON).body(receipt.body());
    }
}
