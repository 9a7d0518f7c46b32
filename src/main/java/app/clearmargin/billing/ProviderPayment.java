package app.clearmargin.billing;

import app.clearmargin.shared.Money;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A payment a provider took, or failed to take, on an invoice (API.md §9), known by the provider's
 * reference (a Stripe PaymentIntent id): one succeeded payment per reference, however often it is
 * reported.
 */
public record ProviderPayment(
        String provider,
        String reference,
        Money amount,
        boolean succeeded,
        @Nullable String brand,
        @Nullable String last4,
        @Nullable String failureReason,
        Instant paidAt) {}
