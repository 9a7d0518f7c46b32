package app.clearmargin.portal;

import app.clearmargin.collections.Actor;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.links.DocumentLinks;
import app.clearmargin.links.LinkKind;
import app.clearmargin.payments.OnlinePayment;
import app.clearmargin.payments.Payments;
import app.clearmargin.printing.DocumentKind;
import app.clearmargin.printing.Printing;
import app.clearmargin.proposals.Proposals;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import app.clearmargin.tenancy.Tenant;
import app.clearmargin.web.PublicBaseUrl;
import app.clearmargin.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /c/<token>} (API.md §8): the document behind a private link, its PDF, and a proposal's accept
 * and reject forms. No API key: the link is the credential. Every answer, errors included, is a page of
 * {@link PageRenderer} (JSON never leaves here); the headers are {@link ClientPageFilter}'s.
 */
@Controller
class ClientPagesController {

    /** The largest form body read (a reason is at most 2,000 characters; a bigger body is a 400 page). */
    static final int FORM_LIMIT_BYTES = 64 * 1024;

    static final int NAME_MAX = 200;

    private static final Pattern BRAND = Pattern.compile("#[0-9a-fA-F]{6}");

    private final DocumentLinks links;
    private final Organizations organizations;
    private final DocumentStore store;
    private final Registry registry;
    private final Printing printing;
    private final Proposals proposals;
    private final CsrfTokens csrf;
    private final PageRenderer pages;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Payments payments;
    private final PublicBaseUrl publicBaseUrl;

    ClientPagesController(
            DocumentLinks links,
            Organizations organizations,
            DocumentStore store,
            Registry registry,
            Printing printing,
            Proposals proposals,
            CsrfTokens csrf,
            PageRenderer pages,
            TransactionTemplate tx,
            Clock clock,
            Payments payments,
            PublicBaseUrl publicBaseUrl) {
        this.links = links;
        this.organizations = organizations;
        this.store = store;
        this.registry = registry;
        this.printing = printing;
        this.proposals = proposals;
        this.csrf = csrf;
        this.pages = pages;
        this.tx = tx;
        this.clock = clock;
        this.payments = payments;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** A resolved link: the organization, the document as it is now, and the kind. */
    private record Opened(Organization org, DocumentKind kind, Doc doc, String token) {}

    // ------------------------------------------------------------------ reads

    /** {@code ?payment=success|cancelled}: the client is back from Stripe's Checkout. */
    @GetMapping("/c/{token}")
    ResponseEntity<byte[]> page(
            @PathVariable String token, @RequestParam(name = "payment", required = false) @Nullable String payment) {
        return withDocument(token, o -> pages.html(200, page(o, null, payment)));
    }

    @GetMapping("/c/{token}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String token, HttpServletRequest request) {
        return withDocument(token, o -> {
            String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
            if (ifNoneMatch != null) {
                String etag = printing.etag(o.kind(), o.doc().id());
                if (ifNoneMatch.strip().equals(etag) || ifNoneMatch.strip().equals("W/" + etag)) {
                    return ResponseEntity.status(304).eTag(etag).build();
                }
            }
            Printing.Pdf pdf = printing.pdf(o.kind(), o.doc().id());
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + pdf.filename() + "\"")
                    .eTag(pdf.etag())
                    .body(pdf.bytes());
        });
    }

    @GetMapping("/c/assets/{name:client\\.css|document\\.css}")
    ResponseEntity<byte[]> asset(@PathVariable String name) {
        String css = name.equals("document.css") ? Printing.stylesheet() : PageRenderer.CLIENT_CSS;
        return css(css);
    }

    @GetMapping("/c/assets/brand-{hex:[0-9a-f]{6}}.css")
    ResponseEntity<byte[]> brand(@PathVariable String hex) {
        return css(":root { --cp-brand: #" + hex + "; }\n" + Printing.brandStylesheet("#" + hex));
    }

    /** Anything else under /c/ (another path, another method): the same 404 page as an unknown link. */
    @RequestMapping("/c/**")
    ResponseEntity<byte[]> unknown() {
        return pages.notFound();
    }

    // ------------------------------------------------------------------ the proposal's forms

    @PostMapping("/c/{token}/accept")
    ResponseEntity<byte[]> accept(@PathVariable String token, HttpServletRequest request) {
        return decide(token, request, true);
    }

    @PostMapping("/c/{token}/reject")
    ResponseEntity<byte[]> reject(@PathVariable String token, HttpServletRequest request) {
        return decide(token, request, false);
    }

    private ResponseEntity<byte[]> decide(String token, HttpServletRequest request, boolean accepting) {
        String back = "/c/" + token;
        return posted(token, request, LinkKind.PROPOSAL, (o, posted) -> {
            Map<String, String> form = posted.fields();
            CsrfTokens.Check check = posted.csrf();
            if (!Proposals.open(o.doc(), o.org().today(clock.instant()))) {
                return pages.error(409, "Proposal closed", closedMessage(o), back);
            }
            if (check == CsrfTokens.Check.STALE) {
                return pages.error(403, "Page expired", "This page is too old. Open it again and resubmit.", back);
            }
            String name = trimmed(form.get("name"));
            String reason = trimmed(form.get("reason"));
            List<String> problems = new ArrayList<>();
            if (accepting && name == null) {
                problems.add("your full name is required");
            }
            if (name != null && name.length() > NAME_MAX) {
                problems.add("the name is longer than " + NAME_MAX + " characters");
            }
            if (accepting && !"yes".equals(form.get("agree"))) {
                problems.add("tick \"I accept this proposal\"");
            }
            if (!accepting && reason != null && reason.codePointCount(0, reason.length()) > Proposals.REASON_MAX) {
                problems.add("the reason is longer than " + Proposals.REASON_MAX + " characters");
            }
            if (!problems.isEmpty()) {
                String message = "Please correct: " + String.join("; ", problems) + ".";
                return pages.html(400, page(o, message, null));
            }
            String ip = request.getRemoteAddr();
            String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
            WriteContext ctx = new WriteContext(
                    o.org(), Actor.client(name == null ? "client" : name), RequestIds.of(request), clock.instant());
            try {
                tx.executeWithoutResult(s -> {
                    if (accepting) {
                        proposals.acceptByClient(
                                ctx,
                                o.doc().id(),
                                java.util.Objects.requireNonNull(name),
                                ip,
                                userAgent,
                                locked -> sha256Hex(printing.pdf(DocumentKind.PROPOSAL, locked.id())
                                        .bytes()));
                    } else {
                        proposals.rejectByClient(ctx, o.doc().id(), name, reason, ip, userAgent);
                    }
                });
            } catch (ApiException e) {
                if (e.error().status() == 409) {
                    Opened now = open(posted.link(), token).orElse(o);
                    return pages.error(409, "Proposal closed", closedMessage(now), back);
                }
                throw e;
            }
            return ResponseEntity.status(303).header(HttpHeaders.LOCATION, back).build();
        });
    }

    // ------------------------------------------------------------------ "Pay online" (API.md §9)

    @PostMapping("/c/{token}/pay")
    ResponseEntity<byte[]> pay(@PathVariable String token, HttpServletRequest request) {
        String back = "/c/" + token;
        return posted(token, request, LinkKind.INVOICE, (o, posted) -> {
            if (posted.csrf() == CsrfTokens.Check.STALE) {
                return pages.error(
                        403, "Page expired", "This page is too old. Open it again and pay from there.", back);
            }
            return switch (payments.payOnline(o.org(), o.doc(), publicBaseUrl.get() + back)) {
                case OnlinePayment.Redirect(String url) ->
                    ResponseEntity.status(303).header(HttpHeaders.LOCATION, url).<byte[]>build();
                case OnlinePayment.Refused(int status, String title, String message) ->
                    pages.error(status, title, message, back);
            };
        });
    }

    // ------------------------------------------------------------------ what every form post shares

    /** A page's form: its link, its fields and whether its csrf is current (a forged one gets no further). */
    private record PostedForm(DocumentLinks.Link link, Map<String, String> fields, CsrfTokens.Check csrf) {}

    /**
     * A form posted to the page of a {@code kind} link: not a form or too large → 400 page; a forged csrf → 403,
     * before the document is looked at; then {@code then} with the document, in its organization.
     */
    private ResponseEntity<byte[]> posted(
            String token,
            HttpServletRequest request,
            LinkKind kind,
            BiFunction<Opened, PostedForm, ResponseEntity<byte[]>> then) {
        Optional<DocumentLinks.Link> link = links.resolve(token);
        if (link.isEmpty() || link.get().kind() != kind) {
            return pages.notFound();
        }
        String back = "/c/" + token;
        Map<String, String> form;
        try {
            form = readForm(request);
        } catch (FormTooLarge e) {
            return pages.error(400, "Form too large", "The form is larger than a page's form can be.", back);
        }
        if (form == null) {
            return pages.error(400, "Not a form", "Send the page's form (application/x-www-form-urlencoded).", back);
        }
        CsrfTokens.Check check = csrf.check(form.get("csrf"), DocumentLinks.sha256(token), clock.instant());
        if (check == CsrfTokens.Check.FORGED) {
            return pages.error(
                    403,
                    "Form not accepted",
                    "This form did not come from this page. Open the page and try again.",
                    back);
        }
        return new Tenant(link.get().organizationId()).call(() -> {
            Optional<Opened> opened = open(link.get(), token);
            return opened.isEmpty()
                    ? pages.notFound()
                    : then.apply(opened.get(), new PostedForm(link.get(), form, check));
        });
    }

    private static String closedMessage(Opened o) {
        String status = o.doc().string("status");
        if ("sent".equals(status)) {
            status = "expired";
        }
        return "Proposal " + o.doc().string("number") + " is " + status + "; it can no longer be accepted or declined.";
    }

    // ------------------------------------------------------------------ building a page

    private ResponseEntity<byte[]> withDocument(
            String token, java.util.function.Function<Opened, ResponseEntity<byte[]>> then) {
        Optional<DocumentLinks.Link> link = links.resolve(token);
        if (link.isEmpty()) {
            return pages.notFound();
        }
        return new Tenant(link.get().organizationId()).call(() -> {
            Optional<Opened> opened = open(link.get(), token);
            return opened.isEmpty() ? pages.notFound() : then.apply(opened.get());
        });
    }

    /** The document of a live link, only while it still holds this token (compared in constant time). */
    private Optional<Opened> open(DocumentLinks.Link link, String token) {
        Optional<Organization> org = organizations.find(link.organizationId());
        Optional<Doc> doc = store.find(link.kind().slug(), link.documentId());
        if (org.isEmpty() || doc.isEmpty()) {
            return Optional.empty();
        }
        String held = doc.get().string("publicUrl");
        if (held == null || !DocumentLinks.sameToken(token, held)) {
            return Optional.empty();
        }
        DocumentKind kind =
                java.util.Objects.requireNonNull(DocumentKind.ofSlug(link.kind().slug()));
        return Optional.of(new Opened(org.get(), kind, doc.get(), token));
    }

    private Page page(Opened o, @Nullable String formError, @Nullable String paymentReturn) {
        Organization org = o.org();
        Doc doc = o.doc();
        Organization.Identity identity = org.identity();
        Locale locale = identity.javaLocale();
        String brand = BRAND.matcher(identity.brandColor()).matches()
                ? identity.brandColor().substring(1).toLowerCase(Locale.ROOT)
                : Organization.Identity.DEFAULT_BRAND_COLOR.substring(1);
        LocalDate today = org.today(clock.instant());
        String number = doc.string("number");
        String title = o.kind().label() + " " + number + " — " + org.name();
        Page.Banner banner = null;
        Page.InvoiceBox invoice = null;
        Page.ProposalBox proposal = null;
        switch (o.kind()) {
            case INVOICE -> {
                banner = invoiceBanner(doc.requiredString("status"));
                String due = money(doc.decimalOrZero("amountDue"), doc.requiredString("currency"), locale);
                invoice = new Page.InvoiceBox(
                        due,
                        dueDate(doc, locale),
                        identity.paymentInstructions(),
                        receipts(doc, locale),
                        payments.offersOnlinePayment(doc)
                                ? new Page.PayForm(
                                        "/c/" + o.token() + "/pay",
                                        csrf.issue(DocumentLinks.sha256(o.token()), clock.instant()),
                                        due)
                                : null,
                        paymentNotice(doc, paymentReturn));
            }
            case PROPOSAL -> {
                String status = doc.requiredString("status");
                boolean open = Proposals.open(doc, today);
                banner = switch (status) {
                    case "accepted" -> new Page.Banner("accepted", "Accepted");
                    case "rejected" -> new Page.Banner("rejected", "Declined");
                    case "expired" -> new Page.Banner("expired", "Expired");
                    case "sent" -> open ? null : new Page.Banner("expired", "Expired");
                    default -> null;
                };
                Page.Forms forms = open
                        ? new Page.Forms(
                                "/c/" + o.token() + "/accept",
                                "/c/" + o.token() + "/reject",
                                csrf.issue(DocumentLinks.sha256(o.token()), clock.instant()),
                                Proposals.REASON_MAX,
                                formError)
                        : null;
                proposal = proposalBox(doc, forms, locale);
            }
            case RECEIPT -> banner = new Page.Banner("paid", "Payment received");
        }
        return new Page(
                identity.locale(),
                title,
                "/c/assets/brand-" + brand + ".css",
                banner,
                printing.html(o.kind(), doc.id()),
                "/c/" + o.token() + "/pdf",
                invoice,
                proposal);
    }

    /** What the page says when the client comes back from Stripe's Checkout. */
    private static @Nullable String paymentNotice(Doc invoice, @Nullable String paymentReturn) {
        if ("cancelled".equals(paymentReturn)) {
            return "The payment was cancelled; nothing was charged.";
        }
        if (!"success".equals(paymentReturn)) {
            return null;
        }
        return "paid".equals(invoice.string("status"))
                ? "Thank you for your payment."
                : "Thank you: your payment is being confirmed, and this page shows it in a moment. Reload to see it.";
    }

    private static Page.@Nullable Banner invoiceBanner(String status) {
        return switch (status) {
            case "paid" -> new Page.Banner("paid", "Paid");
            case "partially_paid" -> new Page.Banner("partially_paid", "Partially paid");
            case "overdue" -> new Page.Banner("overdue", "Overdue");
            case "void" -> new Page.Banner("void", "Void");
            case "refunded" -> new Page.Banner("refunded", "Refunded");
            default -> null;
        };
    }

    /** The invoice's receipts, each by its own link (those without one are listed without a link). */
    private List<Page.LinkRow> receipts(Doc invoice, Locale locale) {
        var layout = registry.layout("receipts");
        List<Doc> found =
                store.findWhere("receipts", layout.<UUID>column("invoice").eq(invoice.uuid("inv")));
        found.sort(java.util.Comparator.comparing((Doc d) -> d.string("issuedAt")));
        List<Page.LinkRow> rows = new ArrayList<>();
        for (Doc r : found) {
            String token = r.string("publicUrl");
            if (token == null) {
                continue;
            }
            rows.add(new Page.LinkRow(
                    "Receipt " + r.string("number"),
                    "/c/" + token,
                    money(r.decimalOrZero("amount"), r.requiredString("currency"), locale)));
        }
        return rows;
    }

    private Page.ProposalBox proposalBox(Doc proposal, Page.@Nullable Forms forms, Locale locale) {
        String status = proposal.string("status");
        String decided = null;
        Page.LinkRow deposit = null;
        String depositNotice = null;
        if ("accepted".equals(status)) {
            Object acceptance = proposal.get("acceptance");
            String by =
                    acceptance instanceof Map<?, ?> m && m.get("name") != null ? String.valueOf(m.get("name")) : null;
            decided = by == null ? "This proposal was accepted." : "Accepted by " + by + ".";
            var layout = registry.layout("invoices");
            List<Doc> invoices = store.findWhere(
                    "invoices",
                    layout.<UUID>column("proposal")
                            .eq(proposal.uuid("prop"))
                            .and(layout.<Integer>column("installment").eq(1)));
            if (!invoices.isEmpty()) {
                Doc inv = invoices.getFirst();
                String token = inv.string("publicUrl");
                if (token != null) {
                    deposit = new Page.LinkRow(
                            "Deposit invoice " + inv.string("number"),
                            "/c/" + token,
                            money(inv.decimalOrZero("total"), inv.requiredString("currency"), locale));
                } else {
                    depositNotice = "Your deposit invoice " + inv.string("number")
                            + " is being prepared and will be sent to you.";
                }
            }
        } else if ("rejected".equals(status)) {
            decided = "This proposal was declined.";
        }
        return new Page.ProposalBox(forms, decided, deposit, depositNotice);
    }

    private static String money(java.math.BigDecimal amount, String currency, Locale locale) {
        return Money.of(amount, currency).format(locale);
    }

    private static @Nullable String dueDate(Doc doc, Locale locale) {
        LocalDate due = doc.date("dueDate");
        return due == null ? null : date(due, locale);
    }

    private static String date(LocalDate date, Locale locale) {
        return date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale));
    }

    // ------------------------------------------------------------------ helpers

    private static ResponseEntity<byte[]> css(String css) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
                .body(css.getBytes(StandardCharsets.UTF_8));
    }

    private static final class FormTooLarge extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** The urlencoded form, at most {@link #FORM_LIMIT_BYTES}; null when the body is not a form. */
    private static @Nullable Map<String, String> readForm(HttpServletRequest request) throws FormTooLarge {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
            return null;
        }
        if (request.getContentLengthLong() > FORM_LIMIT_BYTES) {
            throw new FormTooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(FORM_LIMIT_BYTES + 1);
        } catch (IOException e) {
            return null;
        }
        if (body.length > FORM_LIMIT_BYTES) {
            throw new FormTooLarge();
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return form;
    }

    private static @Nullable String trimmed(@Nullable String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
