package app.clearmargin.webhooks;

import app.clearmargin.events.EventTypes;
import app.clearmargin.support.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The generated parts of docs/webhooks.md: the event catalogue table, one real delivered payload per
 * event, a real set of headers, and the verification snippets copied verbatim from docs/snippets/.
 * Each part sits between {@code <!-- BEGIN GENERATED: name -->} and {@code <!-- END GENERATED: name -->}.
 *
 * <p>{@link #check} reports a part that differs from what the tests produced; ids, instants, Unix
 * timestamps and signatures are compared by shape only, since they are new on every run.
 * With {@code -Dclearmargin.docs.update=true} the file is rewritten instead.
 */
final class WebhookDocs {

    static final Path FILE = Path.of("docs/webhooks.md");
    static final Path SNIPPETS = Path.of("docs/snippets");
    static final boolean UPDATE = Boolean.getBoolean("clearmargin.docs.update");

    /** What sets off each event; the other columns come from the delivered payloads. */
    static final Map<String, String> TRIGGERS = Map.ofEntries(
            Map.entry(EventTypes.PROPOSAL_SENT, "`POST /api/proposals/:id/send` (again on every re-send)"),
            Map.entry(
                    EventTypes.PROPOSAL_EXPIRING,
                    "time sweep: a `sent` proposal whose `expiresAt` is at most "
                            + "`expiringSoonDays` away (once per expiry date)"),
            Map.entry(EventTypes.PROPOSAL_ACCEPTED, "`POST /api/proposals/:id/accept`"),
            Map.entry(EventTypes.PROPOSAL_REJECTED, "`POST /api/proposals/:id/reject`"),
            Map.entry(
                    EventTypes.PROPOSAL_EXPIRED,
                    "time sweep: a `sent` proposal past its `expiresAt` becomes `expired` " + "(once)"),
            Map.entry(EventTypes.INVOICE_SENT, "`POST /api/invoices/:id/send` (again on every re-send)"),
            Map.entry(
                    EventTypes.INVOICE_DUE_SOON,
                    "time sweep: a `sent` or `partially_paid` invoice whose `dueDate` is at "
                            + "most `dueSoonDays` away (once per due date)"),
            Map.entry(
                    EventTypes.INVOICE_OVERDUE,
                    "time sweep: past `dueDate` with `amountDue` > 0; the invoice becomes "
                            + "`overdue` (once per due date)"),
            Map.entry(
                    EventTypes.INVOICE_PAID,
                    "`POST /api/invoices/:id/payments` that brings `amountDue` to 0, or Stripe's payment "
                            + "(`checkout.session.completed`, `payment_intent.succeeded`) that does"),
            Map.entry(
                    EventTypes.INVOICE_REFUNDED,
                    "`POST /api/payments/:id/refund`, or Stripe's `charge.refunded` of a refund made in Stripe"),
            Map.entry(
                    EventTypes.INVOICE_PAYMENT_FAILED,
                    "`POST /api/invoices/:id/payments` with `\"status\": \"failed\"`, or Stripe's "
                            + "`payment_intent.payment_failed`"),
            Map.entry(
                    EventTypes.INVOICE_DISPUTED,
                    "`POST /api/payments/:id/dispute`, or Stripe's `charge.dispute.created`"),
            Map.entry(
                    EventTypes.SCHEDULE_DEPOSIT_READY,
                    "`POST /api/proposals/:id/accept` with payment terms whose first "
                            + "installment is due on acceptance: its draft invoice is created"),
            Map.entry(
                    EventTypes.SCHEDULE_INSTALLMENT_DUE,
                    "time sweep: an installment's due date has come; its draft "
                            + "invoice is created (once per installment)"),
            Map.entry(
                    EventTypes.SCHEDULE_INSTALLMENT_PAID,
                    "an installment's invoice is paid in full (once per installment)"),
            Map.entry(EventTypes.SCHEDULE_COMPLETED, "the last open installment is paid (once)"),
            Map.entry(
                    EventTypes.RECEIPT_SENT,
                    "a succeeded payment while `autoSendReceipts` is on, and " + "`POST /api/receipts/:id/send`"));

    /** The snippets shown in the doc, by section name, with their code fence language. */
    static final Map<String, String> SNIPPET_FILES = Map.of(
            "verify.js", "js",
            "verify.py", "python",
            "WebhookVerifier.java", "java");

    private WebhookDocs() {}

    // ------------------------------------------------------------------ the generated parts

    static String catalogue(Map<String, WebhookReceiver.Received> examples) {
        StringBuilder out = new StringBuilder("| event | trigger | `documentType` | fields beyond the common ones |\n")
                .append("|---|---|---|---|\n");
        for (String type : EventTypes.ALL) {
            JsonNode data = examples.get(type).json().get("data");
            List<String> extra = new ArrayList<>();
            data.propertyNames().stream()
                    .filter(n -> !WebhookChecks.COMMON_DATA.contains(n))
                    .sorted()
                    .forEach(n -> extra.add("`" + n + "`"));
            out.append("| [`")
                    .append(type)
                    .append("`](#")
                    .append(type)
                    .append(") | ")
                    .append(TRIGGERS.get(type))
                    .append(" | `")
                    .append(data.get("documentType").asString())
                    .append("` | ")
                    .append(extra.isEmpty() ? "—" : String.join(", ", extra))
                    .append(" |\n");
        }
        return out.toString();
    }

    static String examples(Map<String, WebhookReceiver.Received> examples) {
        StringBuilder out = new StringBuilder();
        for (String type : EventTypes.ALL) {
            out.append("#### ")
                    .append(type)
                    .append("\n\n```json\n")
                    .append(WebhookChecks.JSON
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(examples.get(type).json()))
                    .append("\n```\n\n");
        }
        return out.toString().stripTrailing() + "\n";
    }

    static String headers(WebhookReceiver.Received delivery) {
        StringBuilder out = new StringBuilder("```http\nPOST /your/endpoint HTTP/1.1\n");
        for (String name : List.of(
                "Content-Type",
                "User-Agent",
                "X-Webhook-Id",
                "X-Webhook-Event",
                "X-Webhook-Timestamp",
                "X-Signature")) {
            out.append(name).append(": ").append(delivery.header(name)).append('\n');
        }
        return out.append("\n").append(delivery.bodyText()).append("\n```\n").toString();
    }

    static String snippet(String file) {
        return "```" + SNIPPET_FILES.get(file) + "\n"
                + read(SNIPPETS.resolve(file)).stripTrailing() + "\n```\n";
    }

    /** Every generated part by name. */
    static Map<String, String> parts(
            Map<String, WebhookReceiver.Received> examples, WebhookReceiver.Received headerExample) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("catalogue", catalogue(examples));
        parts.put("headers", headers(headerExample));
        for (String file : List.of("verify.js", "verify.py", "WebhookVerifier.java")) {
            parts.put(file, snippet(file));
        }
        parts.put("examples", examples(examples));
        return parts;
    }

    // ------------------------------------------------------------------ checking and updating the file

    /** The parts of the committed file that differ from {@code parts} (after {@link #normalize}); empty when in sync. */
    static List<String> outOfDate(String document, Map<String, String> parts) {
        List<String> stale = new ArrayList<>();
        parts.forEach((name, content) -> {
            Matcher m = section(name).matcher(document);
            if (!m.find()) {
                stale.add(name + " (markers missing)");
            } else if (!normalize(m.group(2)).equals(normalize(content))) {
                stale.add(name);
            }
        });
        return stale;
    }

    /** The document with every part replaced by its new content. */
    static String update(String document, Map<String, String> parts) {
        String out = document;
        for (Map.Entry<String, String> part : parts.entrySet()) {
            Matcher m = section(part.getKey()).matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("docs/webhooks.md has no markers for " + part.getKey());
            }
            out = out.substring(0, m.start(2)) + part.getValue() + out.substring(m.end(2));
        }
        return out;
    }

    private static Pattern section(String name) {
        String quoted = Pattern.quote(name);
        return Pattern.compile(
                "(<!-- BEGIN GENERATED: " + quoted + " -->\n)(.*?)(?=<!-- END GENERATED: " + quoted + " -->)",
                Pattern.DOTALL);
    }

    /** Values that are new on every run, replaced by their shape. */
    static String normalize(String text) {
        return text.replaceAll("\\b([a-z]+)_[0-9a-hjkmnp-tv-z]{26}\\b", "$1_<id>")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z", "<instant>")
                .replaceAll("X-Webhook-Timestamp: \\d+", "X-Webhook-Timestamp: <unix>")
                .replaceAll("sha256=[0-9a-f]{64}", "sha256=<hex>");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
