package app.clearmargin.payments;

import app.clearmargin.billing.Billing;
import app.clearmargin.billing.ProviderOutcome;
import app.clearmargin.billing.ProviderPayment;
import app.clearmargin.collections.Actor;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.Organization;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's events for the bound organization (API.md §9): verified with its webhook secret by the
 * library's own scheme, then applied once. Whatever must be asked of Stripe (the charge's card) is asked
 * before the transaction; the event's row and its effects commit together.
 */
@Component
class StripeEvents {

    private static final Logger log = LoggerFactory.getLogger(StripeEvents.class);

    static final long TOLERANCE_SECONDS = 300;

    static final String PROVIDER = "stripe";

    /** The events that change something; others are answered 200 and left alone. */
    static final Set<String> HANDLED = Set.of(
            "checkout.session.completed",
            "payment_intent.succeeded",
            "payment_intent.payment_failed",
            "charge.refunded",
            "charge.dispute.created");

    enum Outcome {
        APPLIED,
        DUPLICATE,
        IGNORED
    }

    /** The answer to Stripe, also the response body. */
    record Receipt(String id, String type, Outcome outcome, String message) {
        Map<String, Object> body() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("received", true);
            out.put("id", id);
            out.put("type", type);
            out.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
            out.put("message", message);
            return out;
        }
    }

    /** What an event asks of billing, worked out before the transaction. */
    private sealed interface Plan {
        record Pay(String invoiceId, ProviderPayment payment) implements Plan {}

        record Refund(String paymentIntent, Money refundedInTotal) implements Plan {}

        record Dispute(String paymentIntent, @Nullable String reason) implements Plan {}

        record Ignore(String why) implements Plan {}
    }

    private record Event(String id, String type, long created, JsonNode object) {}

    private final StripeAccounts accounts;
    private final StripeApi stripe;
    private final AppliedEvents applied;
    private final Billing billing;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    StripeEvents(
            StripeAccounts accounts,
            StripeApi stripe,
            AppliedEvents applied,
            Billing billing,
            TransactionTemplate tx,
            JsonMapper json,
            Clock clock) {
        this.accounts = accounts;
        this.stripe = stripe;
        this.applied = applied;
        this.billing = billing;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    Receipt receive(Organization org, String payload, @Nullable String signature, String requestId) {
        StripeCredentials credentials = accounts.credentials()
                .orElseThrow(
                        () -> ApiException.badRequest(
                                "Stripe is not connected for this organization: connect it with PATCH /api/organization "
                                        + "{\"stripe\": {\"secretKey\": …, \"webhookSecret\": …}} before sending its events here."));
        if (signature == null || signature.isBlank()) {
            throw ApiException.badRequest("The Stripe-Signature header is missing: only events signed by Stripe with "
                    + "this organization's webhook secret are accepted.");
        }
        try {
            Webhook.Signature.verifyHeader(payload, signature, credentials.webhookSecret(), TOLERANCE_SECONDS, clock);
        } catch (SignatureVerificationException e) {
            throw ApiException.badRequest("The Stripe-Signature header does not verify with this organization's "
                    + "webhook secret (or is older than " + TOLERANCE_SECONDS + " seconds): " + e.getMessage());
        }
        Event event = parse(payload);
        if (!HANDLED.contains(event.type())) {
            return new Receipt(
                    event.id(), event.type(), Outcome.IGNORED, "Clearmargin does not act on this event type.");
        }
        if (applied.applied(event.id())) {
            return duplicate(event);
        }
        Plan plan = plan(credentials, org, event);
        if (plan instanceof Plan.Ignore(String why)) {
            return new Receipt(event.id(), event.type(), Outcome.IGNORED, why);
        }
        WriteContext ctx = new WriteContext(org, Actor.STRIPE, requestId, clock.instant());
        // empty: another delivery of the same event took effect first
        Optional<ProviderOutcome> outcome = Objects.requireNonNull(tx.execute(status -> {
            if (!applied.claim(event.id(), event.type(), ctx.now())) {
                return Optional.<ProviderOutcome>empty();
            }
            ProviderOutcome o = switch (plan) {
                case Plan.Pay(String invoiceId, ProviderPayment payment) ->
                    billing.recordProviderPayment(ctx, invoiceId, payment);
                case Plan.Refund(String intent, Money total) ->
                    billing.recordProviderRefund(ctx, PROVIDER, intent, total);
                case Plan.Dispute(String intent, String reason) ->
                    billing.recordProviderDispute(ctx, PROVIDER, intent, reason);
                case Plan.Ignore i -> throw new IllegalStateException("ignored events are answered before");
            };
            if (o == ProviderOutcome.NOT_FOUND) {
                // no row for the event: Stripe's resend applies it once the payment is recorded
                status.setRollbackOnly();
            }
            return Optional.of(o);
        }));
        if (outcome.isEmpty()) {
            return duplicate(event);
        }
        return switch (outcome.get()) {
            case RECORDED -> new Receipt(event.id(), event.type(), Outcome.APPLIED, "Recorded.");
            case ALREADY_RECORDED ->
                new Receipt(
                        event.id(),
                        event.type(),
                        Outcome.APPLIED,
                        "Already recorded through another event or the API; nothing changed.");
            case NOT_FOUND -> notFound(credentials, org, event, plan);
        };
    }

    private static Receipt duplicate(Event event) {
        return new Receipt(event.id(), event.type(), Outcome.DUPLICATE, "This event already took effect.");
    }

    /**
     * A refund or dispute of a payment not recorded yet: if the PaymentIntent is one of our invoices', Stripe
     * must send it again later (non-2xx); a charge that is none of ours is left alone.
     */
    private Receipt notFound(StripeCredentials credentials, Organization org, Event event, Plan plan) {
        String intent = switch (plan) {
            case Plan.Refund r -> r.paymentIntent();
            case Plan.Dispute d -> d.paymentIntent();
            case Plan.Pay p -> null;
            case Plan.Ignore i -> null;
        };
        if (intent != null) {
            Map<String, String> metadata;
            try {
                metadata = stripe.intent(credentials, intent).metadata();
            } catch (StripeException e) {
                throw unavailable(e);
            }
            if (!org.publicId().equals(metadata.get("organization")) || metadata.get("invoice") == null) {
                return new Receipt(
                        event.id(),
                        event.type(),
                        Outcome.IGNORED,
                        "The payment is not one of this organization's invoices.");
            }
        } else {
            log.error(
                    "Stripe event {} pays invoice that does not exist in organization {}", event.id(), org.publicId());
        }
        throw ApiException.conflict("The payment " + (intent == null ? "" : intent + " ") + "of event " + event.id()
                + " is not recorded yet; Stripe sends the event again later and it is applied then.");
    }

    private Plan plan(StripeCredentials credentials, Organization org, Event event) {
        JsonNode o = event.object();
        try {
            return switch (event.type()) {
                case "checkout.session.completed" -> {
                    String intent = text(o, "payment_intent");
                    if (!"paid".equals(text(o, "payment_status")) || intent == null) {
                        yield new Plan.Ignore(
                                "The session is not paid yet; payment_intent.succeeded follows when it is.");
                    }
                    yield payment(org, event, stripe.intent(credentials, intent), metadata(o.path("metadata")));
                }
                case "payment_intent.succeeded" -> {
                    JsonNode charge = o.path("latest_charge");
                    StripeApi.Intent intent = charge.isObject()
                                    && charge.path("payment_method_details").has("card")
                            ? new StripeApi.Intent(
                                    required(o, "id"),
                                    required(o, "status"),
                                    o.path("amount_received").asLong(),
                                    required(o, "currency"),
                                    metadata(o.path("metadata")),
                                    text(charge.path("payment_method_details").path("card"), "brand"),
                                    text(charge.path("payment_method_details").path("card"), "last4"),
                                    charge.path("created").isNumber()
                                            ? charge.path("created").asLong()
                                            : null)
                            : stripe.intent(credentials, required(o, "id"));
                    yield payment(org, event, intent, intent.metadata());
                }
                case "payment_intent.payment_failed" -> {
                    Map<String, String> metadata = metadata(o.path("metadata"));
                    String invoice = ours(org, metadata);
                    if (invoice == null) {
                        yield new Plan.Ignore("The payment is not one of this organization's invoices.");
                    }
                    JsonNode error = o.path("last_payment_error");
                    JsonNode card = error.path("payment_method").path("card");
                    String currency = required(o, "currency");
                    yield new Plan.Pay(
                            invoice,
                            new ProviderPayment(
                                    PROVIDER,
                                    required(o, "id"),
                                    Money.ofMinorUnits(o.path("amount").asLong(), currency),
                                    false,
                                    text(card, "brand"),
                                    text(card, "last4"),
                                    failureReason(error),
                                    Instant.ofEpochSecond(event.created())));
                }
                case "charge.refunded" -> {
                    String intent = text(o, "payment_intent");
                    if (intent == null) {
                        yield new Plan.Ignore("The charge has no PaymentIntent; Clearmargin's payments all have one.");
                    }
                    yield new Plan.Refund(
                            intent, Money.ofMinorUnits(o.path("amount_refunded").asLong(), required(o, "currency")));
                }
                case "charge.dispute.created" -> {
                    String intent = text(o, "payment_intent");
                    if (intent == null) {
                        yield new Plan.Ignore("The dispute has no PaymentIntent; Clearmargin's payments all have one.");
                    }
                    yield new Plan.Dispute(intent, text(o, "reason"));
                }
                default -> new Plan.Ignore("Clearmargin does not act on this event type.");
            };
        } catch (StripeException e) {
            throw unavailable(e);
        }
    }

    /** A succeeded payment of one of our invoices, keyed by its PaymentIntent. */
    private Plan payment(Organization org, Event event, StripeApi.Intent intent, Map<String, String> eventMetadata) {
        Map<String, String> metadata = intent.metadata().isEmpty() ? eventMetadata : intent.metadata();
        String invoice = ours(org, metadata);
        if (invoice == null) {
            return new Plan.Ignore("The payment is not one of this organization's invoices.");
        }
        if (!"succeeded".equals(intent.status()) || intent.amountReceived() <= 0) {
            return new Plan.Ignore("The PaymentIntent has not succeeded; nothing was received.");
        }
        Instant paidAt = Instant.ofEpochSecond(intent.chargedAt() == null ? event.created() : intent.chargedAt());
        return new Plan.Pay(
                invoice,
                new ProviderPayment(
                        PROVIDER,
                        intent.id(),
                        Money.ofMinorUnits(intent.amountReceived(), intent.currency()),
                        true,
                        intent.brand(),
                        intent.last4(),
                        null,
                        paidAt));
    }

    /** The invoice id of our metadata, null when the payment is none of ours; 400 when it is another organization's. */
    private static @Nullable String ours(Organization org, Map<String, String> metadata) {
        String owner = metadata.get("organization");
        String invoice = metadata.get("invoice");
        if (owner == null || invoice == null) {
            return null;
        }
        if (!owner.equals(org.publicId())) {
            throw ApiException.badRequest(
                    "This event is for another organization's invoice; send it to that organization's endpoint.");
        }
        return invoice;
    }

    private static @Nullable String failureReason(JsonNode error) {
        String message = text(error, "message");
        if (message == null) {
            return text(error, "code");
        }
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    private Event parse(String payload) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JacksonException e) {
            throw ApiException.badRequest("The event is not JSON.");
        }
        if (!root.isObject() || !root.path("data").path("object").isObject()) {
            throw ApiException.badRequest("The event has no data.object; send Stripe's event as it was signed.");
        }
        return new Event(
                required(root, "id"),
                required(root, "type"),
                root.path("created").asLong(),
                root.path("data").path("object"));
    }

    private static Map<String, String> metadata(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getValue().isString()) {
                    out.put(e.getKey(), e.getValue().stringValue());
                }
            });
        }
        return out;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isString() && !v.stringValue().isEmpty() ? v.stringValue() : null;
    }

    private static String required(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            throw ApiException.badRequest("The event has no " + field + "; send Stripe's event as it was signed.");
        }
        return v;
    }

    /** Stripe did not answer a question the event needs: non-2xx, so Stripe sends it again later. */
    private static ApiException unavailable(StripeException e) {
        log.warn("Stripe did not answer while applying an event: {}", StripeApi.message(e));
        return ApiException.conflict("Stripe did not answer (" + StripeApi.message(e)
                + "); the event was not applied and Stripe sends it again later.");
    }
}
