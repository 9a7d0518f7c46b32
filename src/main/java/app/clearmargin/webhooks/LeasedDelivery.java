package app.clearmargin.webhooks;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A delivery leased to this node, with what an attempt needs: the fixed body, the retry window's
 * start, and the endpoint's URL and secret as they were when the lease was taken.
 */
record LeasedDelivery(
        UUID organizationId,
        UUID id,
        UUID webhookId,
        UUID eventId,
        String eventType,
        int attempts,
        String body,
        Instant windowStartedAt,
        String url,
        @Nullable String secret) {}
