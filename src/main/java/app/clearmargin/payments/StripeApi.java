package app.clearmargin.payments;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The few Stripe calls we make, through the official client, with the organization's own key:
 * Checkout Sessions, PaymentIntents (with their latest charge, for the card) and refunds.
 * {@code CLEARMARGIN_STRIPE_API_BASE} points the client at another address (tests run a stand-in).
 */
@Component
class StripeApi {

    /** What a Checkout Session needs from us: one line for the amount due. */
    record CheckoutRequest(
            String currency,
            long amountMinorUnits,
            String lineName,
            String description,
            Map<String, String> metadata,
            String successUrl,
            String cancelUrl,
            String idempotencyKey) {}

    record CheckoutSession(String id, String url) {}

    /** A PaymentIntent as the payment path needs it; the card comes from its latest charge. */
    record Intent(
            String id,
            String status,
            long amountReceived,
            String currency,
            Map<String, String> metadata,
            @Nullable String brand,
            @Nullable String last4,
            @Nullable Long chargedAt) {}

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 20_000;
    // the client retries network failures and 409/5xx with the same idempotency key
    private static final int NETWORK_RETRIES = 2;

    private final String apiBase;

    StripeApi(@Value("${clearmargin.stripe.api-base:https://api.stripe.com}") String apiBase) {
        this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    }

    private StripeClient client(StripeCredentials credentials) {
        return StripeClient.builder()
                .setApiKey(credentials.secretKey())
                .setApiBase(apiBase)
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setReadTimeout(READ_TIMEOUT_MS)
                .setMaxNetworkRetries(NETWORK_RETRIES)
                .build();
    }

    CheckoutSession createCheckout(StripeCredentials credentials, CheckoutRequest r) throws StripeException {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(r.currency())
                                .setUnitAmount(r.amountMinorUnits())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(r.lineName())
                                        .build())
                                .build())
                        .build())
                .putAllMetadata(r.metadata())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putAllMetadata(r.metadata())
                        .setDescription(r.description())
                        .build())
                .setClientReferenceId(Objects.requireNonNull(r.metadata().get("invoice")))
                .setSuccessUrl(r.successUrl())
                .setCancelUrl(r.cancelUrl())
                .build();
        Session session = client(credentials)
                .checkout()
                .sessions()
                .create(
                        params,
                        RequestOptions.builder()
                                .setIdempotencyKey(r.idempotencyKey())
                                .build());
        return new CheckoutSession(session.getId(), session.getUrl());
    }

    /** The PaymentIntent with its latest charge expanded (one call gives the amount, metadata and card). */
    Intent intent(StripeCredentials credentials, String paymentIntentId) throws StripeException {
        PaymentIntent pi = client(credentials)
                .paymentIntents()
                .retrieve(
                        paymentIntentId,
                        PaymentIntentRetrieveParams.builder()
                                .addExpand("latest_charge")
                                .build());
        Charge charge = pi.getLatestChargeObject();
        String brand = null;
        String last4 = null;
        Long chargedAt = null;
        if (charge != null) {
            chargedAt = charge.getCreated();
            if (charge.getPaymentMethodDetails() != null
                    && charge.getPaymentMethodDetails().getCard() != null) {
                brand = charge.getPaymentMethodDetails().getCard().getBrand();
                last4 = charge.getPaymentMethodDetails().getCard().getLast4();
            }
        }
        return new Intent(
                pi.getId(),
                pi.getStatus(),
                pi.getAmountReceived() == null ? 0 : pi.getAmountReceived(),
                pi.getCurrency(),
                pi.getMetadata() == null ? Map.of() : pi.getMetadata(),
                brand,
                last4,
                chargedAt);
    }

    /** Refunds part of a PaymentIntent's charge; returns Stripe's refund id. */
    String refund(
            StripeCredentials credentials,
            String paymentIntentId,
            long amountMinorUnits,
            Map<String, String> metadata,
            String idempotencyKey)
            throws StripeException {
        return client(credentials)
                .refunds()
                .create(
                        RefundCreateParams.builder()
                                .setPaymentIntent(paymentIntentId)
                                .setAmount(amountMinorUnits)
                                .putAllMetadata(metadata)
                                .build(),
                        RequestOptions.builder()
                                .setIdempotencyKey(idempotencyKey)
                                .build())
                .getId();
    }

    /** Stripe's own message for a refusal, or what went wrong reaching it; never a key. */
    static String message(StripeException e) {
        if (e.getStripeError() != null && e.getStripeError().getMessage() != null) {
            return e.getStripeError().getMessage();
        }
        return "Stripe could not be reached (" + e.getClass().getSimpleName() + ").";
    }
}
