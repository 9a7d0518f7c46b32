package app.clearmargin.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for the few Stripe endpoints the server calls (Stripe cannot be reached from test
 * machines): Checkout Sessions, PaymentIntents, Charges and Refunds under {@code /v1}, answering in
 * Stripe's documented object shapes and error shape ({@code {"error": {"type", "code", "message"}}}),
 * honouring {@code Idempotency-Key} as Stripe does (the same key answers the first answer again). A
 * session's {@code url} is a page of this stand-in ({@code /checkout/<id>}), where a browser lands.
 * Tests complete a session ({@link #complete}) and build the events Stripe would send, signed with
 * Stripe's scheme ({@link #sign}). One per JVM: the test server's {@code clearmargin.stripe.api-base}.
 */
public final class StripeStandIn {

    /** A request the server made, for assertions. */
    public record Call(
            String method,
            String path,
            Map<String, String> form,
            @Nullable String idempotencyKey,
            String apiKey) {}

    private static volatile @Nullable StripeStandIn instance;

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<String, ObjectNode> sessions = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> intents = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> charges = new ConcurrentHashMap<>();
    private final Map<String, String> idempotent = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> refundRefusals = new ConcurrentHashMap<>();

    private StripeStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The JVM's stand-in, started on first use. */
    public static synchronized StripeStandIn get() {
        StripeStandIn s = instance;
        if (s == null) {
            try {
                s = new StripeStandIn();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            instance = s;
        }
        return s;
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls the server made with the given secret key (each test class connects its own). */
    public List<Call> calls(String apiKey) {
        return calls.stream().filter(c -> c.apiKey().equals(apiKey)).toList();
    }

    /** Refunds of {@code paymentIntent} are refused with Stripe's error {@code code} and {@code message}. */
    public void refuseRefunds(String paymentIntent, String message) {
        refundRefusals.put(paymentIntent, message);
    }

    public ObjectNode session(String id) {
        return require(sessions.get(id), id);
    }

    public ObjectNode intent(String id) {
        return require(intents.get(id), id);
    }

    public ObjectNode charge(String id) {
        return require(charges.get(id), id);
    }

    private static ObjectNode require(@Nullable ObjectNode node, String id) {
        if (node == null) {
            throw new AssertionError("the stand-in has no " + id);
        }
        return node;
    }

    // ------------------------------------------------------------------ what the client does on Stripe's pages

    /** The client paid the session by card: its PaymentIntent succeeded with one charge. Returns the PaymentIntent id. */
    public synchronized String complete(String sessionId, String brand, String last4) {
        ObjectNode session = session(sessionId);
        ObjectNode metadata = (ObjectNode) session.get("x_payment_intent_metadata");
        String intent = newIntent(
                session.get("amount_total").asLong(), session.get("currency").asString(), metadata, brand, last4, true);
        session.put("payment_intent", intent);
        session.put("payment_status", "paid");
        session.put("status", "complete");
        return intent;
    }

    /**
     * A PaymentIntent as a Checkout would leave it ({@code succeeded} with a card charge, or failed with
     * {@code last_payment_error}), with our metadata; returns its id.
     */
    public synchronized String newIntent(
            long amount, String currency, ObjectNode metadata, String brand, String last4, boolean succeeded) {
        String pi = "pi_test_" + ids.incrementAndGet();
        ObjectNode intent = Api.JSON.createObjectNode();
        intent.put("id", pi);
        intent.put("object", "payment_intent");
        intent.put("amount", amount);
        intent.put("amount_received", succeeded ? amount : 0);
        intent.put("currency", currency);
        intent.put("status", succeeded ? "succeeded" : "requires_payment_method");
        intent.put("livemode", false);
        intent.set("metadata", metadata.deepCopy());
        if (succeeded) {
            String ch = "ch_test_" + ids.incrementAndGet();
            ObjectNode charge = Api.JSON.createObjectNode();
            charge.put("id", ch);
            charge.put("object", "charge");
            charge.put("amount", amount);
            charge.put("amount_captured", amount);
            charge.put("amount_refunded", 0);
            charge.put("currency", currency);
            charge.put("paid", true);
            charge.put("refunded", false);
            charge.put("status", "succeeded");
            charge.put("payment_intent", pi);
            charge.put("created", Instant.now().getEpochSecond());
            charge.put("livemode", false);
            charge.set("metadata", metadata.deepCopy());
            ObjectNode details = charge.putObject("payment_method_details");
            details.put("type", "card");
            ObjectNode card = details.putObject("card");
            card.put("brand", brand);
            card.put("last4", last4);
            card.put("exp_month", 12);
            card.put("exp_year", 2030);
            charges.put(ch, charge);
            intent.put("latest_charge", ch);
        } else {
            intent.putNull("latest_charge");
            ObjectNode error = intent.putObject("last_payment_error");
            error.put("type", "card_error");
            error.put("code", "card_declined");
            error.put("decline_code", "insufficient_funds");
            error.put("message", "Your card has insufficient funds.");
            ObjectNode card = error.putObject("payment_method").putObject("card");
            card.put("brand", brand);
            card.put("last4", last4);
        }
        intents.put(pi, intent);
        return pi;
    }

    // ------------------------------------------------------------------ the events Stripe sends

    public String checkoutSessionCompleted(String sessionId) {
        return event("checkout.session.completed", publicCopy(session(sessionId)));
    }

    /** {@code withCharge}: the event carries the expanded charge (then the server need not fetch it). */
    public String paymentIntentSucceeded(String paymentIntent, boolean withCharge) {
        ObjectNode pi = intent(paymentIntent).deepCopy();
        if (withCharge) {
            pi.set("latest_charge", charge(pi.get("latest_charge").asString()).deepCopy());
        }
        return event("payment_intent.succeeded", pi);
    }

    public String paymentIntentFailed(String paymentIntent) {
        return event("payment_intent.payment_failed", intent(paymentIntent).deepCopy());
    }

    /** The charge as it is now (after the refunds the stand-in accepted, or {@code refundedNow} more). */
    public synchronized String chargeRefunded(String paymentIntent, long refundedNow) {
        ObjectNode charge = charge(intent(paymentIntent).get("latest_charge").asString());
        long refunded = charge.get("amount_refunded").asLong() + refundedNow;
        charge.put("amount_refunded", refunded);
        charge.put("refunded", refunded >= charge.get("amount").asLong());
        return event("charge.refunded", charge.deepCopy());
    }

    public String disputeCreated(String paymentIntent, String reason) {
        String ch = intent(paymentIntent).get("latest_charge").asString();
        ObjectNode dispute = Api.JSON.createObjectNode();
        dispute.put("id", "dp_test_" + ids.incrementAndGet());
        dispute.put("object", "dispute");
        dispute.put("amount", charge(ch).get("amount").asLong());
        dispute.put("currency", charge(ch).get("currency").asString());
        dispute.put("charge", ch);
        dispute.put("payment_intent", paymentIntent);
        dispute.put("reason", reason);
        dispute.put("status", "needs_response");
        return event("charge.dispute.created", dispute);
    }

    public String event(String type, ObjectNode object) {
        ObjectNode event = Api.JSON.createObjectNode();
        event.put("id", "evt_test_" + ids.incrementAndGet());
        event.put("object", "event");
        event.put("api_version", "2025-11-17.clover");
        event.put("created", Instant.now().getEpochSecond());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("type", type);
        event.putObject("data").set("object", object);
        return event.toString();
    }

    /** The {@code Stripe-Signature} header Stripe sends: {@code t=<timestamp>,v1=<HMAC-SHA256 of "t.payload">}. */
    public static String sign(String payload, String webhookSecret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the HTTP side

    private static final Pattern INTENT = Pattern.compile("/v1/payment_intents/([^/]+)");
    private static final Pattern CHARGE = Pattern.compile("/v1/charges/([^/]+)");
    private static final Pattern CHECKOUT_PAGE = Pattern.compile("/checkout/([^/]+)");

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form =
                    form(body.isEmpty() ? exchange.getRequestURI().getRawQuery() : body);
            Matcher page = CHECKOUT_PAGE.matcher(path);
            if (method.equals("GET") && page.matches()) {
                checkoutPage(exchange, page.group(1));
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.matches("Bearer (sk|rk)_(test|live)_\\w+")) {
                answer(exchange, 401, error("invalid_request_error", null, "Invalid API Key provided."));
                return;
            }
            String key = auth.substring("Bearer ".length());
            String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            calls.add(new Call(method, path, form, idempotencyKey, key));
            if (method.equals("POST") && idempotencyKey != null) {
                String seen = idempotent.get(key + " " + idempotencyKey);
                if (seen != null) {
                    answer(exchange, 200, seen);
                    return;
                }
            }
            Answer a = route(method, path, form);
            if (method.equals("POST") && idempotencyKey != null && a.status() == 200) {
                idempotent.put(key + " " + idempotencyKey, a.body());
            }
            answer(exchange, a.status(), a.body());
        }
    }

    private record Answer(int status, String body) {}

    private Answer route(String method, String path, Map<String, String> form) {
        Matcher m;
        if (method.equals("POST") && path.equals("/v1/checkout/sessions")) {
            return new Answer(200, createSession(form).toString());
        }
        if (method.equals("GET") && (m = INTENT.matcher(path)).matches()) {
            ObjectNode pi = intents.get(m.group(1));
            if (pi == null) {
                return missing("payment_intent", m.group(1));
            }
            ObjectNode out = pi.deepCopy();
            if (form.containsValue("latest_charge") && pi.get("latest_charge").isString()) {
                out.set(
                        "latest_charge",
                        charge(pi.get("latest_charge").asString()).deepCopy());
            }
            return new Answer(200, out.toString());
        }
        if (method.equals("GET") && (m = CHARGE.matcher(path)).matches()) {
            ObjectNode ch = charges.get(m.group(1));
            return ch == null ? missing("charge", m.group(1)) : new Answer(200, ch.toString());
        }
        if (method.equals("POST") && path.equals("/v1/refunds")) {
            return refund(form);
        }
        return new Answer(
                404, error("invalid_request_error", null, "Unrecognized request URL (" + method + ": " + path + ")."));
    }

    private synchronized ObjectNode createSession(Map<String, String> form) {
        String id = "cs_test_" + ids.incrementAndGet();
        ObjectNode session = Api.JSON.createObjectNode();
        session.put("id", id);
        session.put("object", "checkout.session");
        session.put("mode", form.get("mode"));
        session.put("status", "open");
        session.put("payment_status", "unpaid");
        long unit = Long.parseLong(form.getOrDefault("line_items[0][price_data][unit_amount]", "0"));
        long quantity = Long.parseLong(form.getOrDefault("line_items[0][quantity]", "1"));
        session.put("amount_total", unit * quantity);
        session.put("currency", form.get("line_items[0][price_data][currency]"));
        session.put("client_reference_id", form.get("client_reference_id"));
        session.put("success_url", form.get("success_url"));
        session.put("cancel_url", form.get("cancel_url"));
        session.put("livemode", false);
        session.putNull("payment_intent");
        session.set("metadata", prefixed(form, "metadata"));
        session.set("x_payment_intent_metadata", prefixed(form, "payment_intent_data[metadata]"));
        session.put("url", base() + "/checkout/" + id);
        sessions.put(id, session);
        return publicCopy(session);
    }

    private synchronized Answer refund(Map<String, String> form) {
        String pi = form.get("payment_intent");
        ObjectNode intent = pi == null ? null : intents.get(pi);
        if (intent == null || !intent.get("latest_charge").isString()) {
            return missing("payment_intent", String.valueOf(pi));
        }
        String refusal = refundRefusals.get(pi);
        if (refusal != null) {
            return new Answer(402, error("invalid_request_error", "charge_disputed", refusal));
        }
        ObjectNode charge = charge(intent.get("latest_charge").asString());
        long amount = Long.parseLong(form.getOrDefault("amount", "0"));
        long unrefunded =
                charge.get("amount").asLong() - charge.get("amount_refunded").asLong();
        if (amount <= 0 || amount > unrefunded) {
            return new Answer(
                    400,
                    error(
                            "invalid_request_error",
                            "amount_too_large",
                            "Refund amount (" + amount + ") is greater than unrefunded amount on charge (" + unrefunded
                                    + ")"));
        }
        charge.put("amount_refunded", charge.get("amount_refunded").asLong() + amount);
        charge.put(
                "refunded",
                charge.get("amount_refunded").asLong() >= charge.get("amount").asLong());
        ObjectNode refund = Api.JSON.createObjectNode();
        refund.put("id", "re_test_" + ids.incrementAndGet());
        refund.put("object", "refund");
        refund.put("amount", amount);
        refund.put("charge", charge.get("id").asString());
        refund.put("payment_intent", pi);
        refund.put("currency", charge.get("currency").asString());
        refund.put("status", "succeeded");
        refund.set("metadata", prefixed(form, "metadata"));
        return new Answer(200, refund.toString());
    }

    private void checkoutPage(HttpExchange exchange, String id) throws IOException {
        ObjectNode session = sessions.get(id);
        String html = session == null
                ? "<!DOCTYPE html><title>Unknown session</title><p>Unknown session</p>"
                : "<!DOCTYPE html><html lang=\"en\"><title>Stripe Checkout stand-in</title><main><h1 id=\"checkout-title\">"
                        + "Stripe Checkout stand-in</h1><p id=\"checkout-session\">" + id
                        + "</p><p id=\"checkout-amount\">"
                        + session.get("amount_total").asLong() + " "
                        + session.get("currency").asString()
                        + "</p></main></html>";
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(session == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static ObjectNode publicCopy(ObjectNode session) {
        ObjectNode copy = session.deepCopy();
        copy.remove("x_payment_intent_metadata");
        return copy;
    }

    private static ObjectNode prefixed(Map<String, String> form, String prefix) {
        ObjectNode out = Api.JSON.createObjectNode();
        form.forEach((k, v) -> {
            if (k.startsWith(prefix + "[") && k.endsWith("]") && k.indexOf('[', prefix.length() + 1) < 0) {
                out.put(k.substring(prefix.length() + 1, k.length() - 1), v);
            }
        });
        return out;
    }

    private static Answer missing(String object, String id) {
        return new Answer(
                404, error("invalid_request_error", "resource_missing", "No such " + object + ": '" + id + "'"));
    }

    private static String error(String type, @Nullable String code, String message) {
        ObjectNode root = Api.JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        return root.toString();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_standin");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> form(@Nullable String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
