package app.clearmargin.payments;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The bound organization's Stripe account (API.md §9): its secret key and webhook secret, encrypted at
 * rest; only the mode and the key's last four characters are ever shown.
 */
@Component
class StripeAccounts {

    /** The decrypted keys of the bound organization, when Stripe is connected. */
    Optional<StripeCredentials> credentials() {
        throw new UnsupportedOperationException("payments: stripe accounts");
    }

    /** {@code {"connected": false}} or {@code {"connected": true, "mode": …, "keyLast4": …}}. */
    Map<String, Object> view() {
        throw new UnsupportedOperationException("payments: stripe accounts");
    }

    /** Connects, updates or (null) disconnects; a 400 naming the field for a malformed value. */
    void update(@Nullable Object value) {
        throw new UnsupportedOperationException("payments: stripe accounts");
    }
}
