package app.clearmargin.printing;

import app.clearmargin.billing.Billing;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Registry;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads a document and what it names (client, contact, payment, milestones) in the current tenant and
 * formats it into the {@link Sheet} its template prints. An id of another organization, or of nothing,
 * is the API's 404.
 */
@Component
class Sheets {

    private final DocumentStore store;
    private final Registry registry;
    private final Organizations organizations;

    Sheets(DocumentStore store, Registry registry, Organizations organizations) {
        this.store = store;
        this.registry = registry;
        this.organizations = organizations;
    }

    Sheet of(DocumentKind kind, String id) {
        return of(
                organizations.recent(),
                kind,
                store.find(kind.slug(), id).orElseThrow(ApiException::notFound),
                List.of());
    }

    /**
     * The sheet of a document the caller has read (the send e-mail's: the document as just sent); {@code read}
     * are documents the caller read in the same transaction (its client and contact), used instead of reading
     * them again.
     */
    Sheet of(Organization org, DocumentKind kind, Doc doc, java.util.Collection<Doc> read) {
        Map<String, Doc> known = new java.util.HashMap<>();
        for (Doc d : read) {
            known.put(d.id(), d);
        }
        return switch (kind) {
            case INVOICE -> invoice(org, doc, known);
            case PROPOSAL -> proposal(org, doc, known);
            case RECEIPT -> receipt(org, doc, known);
        };
    }

    // ------------------------------------------------------------------ the three documents

    private Sheet.Invoice invoice(Organization org, Doc invoice, Map<String, Doc> known) {
        Formats f = formats(org, invoice.string("currency"));
        String status = invoice.requiredString("status");
        String stamp = switch (status) {
            case "draft" -> "DRAFT";
            case "void" -> "VOID";
            default -> null;
        };
        List<Sheet.Fact> facts = new ArrayList<>();
        facts.add(new Sheet.Fact("Issue date", f.date(invoice.date("issueDate"))));
        facts.add(new Sheet.Fact("Due date", f.date(invoice.date("dueDate"))));
        Sheet.Head head = head(org, DocumentKind.INVOICE, invoice, stamp, facts, known);
        List<Sheet.Sum> sums = sums(invoice, f);
        sums.add(new Sheet.Sum("Amount paid", f.money(invoice.decimalOrZero("amountPaid")), false));
        sums.add(new Sheet.Sum("Amount due", f.money(invoice.decimalOrZero("amountDue")), true));
        return new Sheet.Invoice(
                head,
                rows(invoice, f),
                sums,
                blankToNull(invoice.string("notes")),
                blankToNull(invoice.string("terms")),
                blankToNull(org.identity().paymentInstructions()));
    }

    private Sheet.Proposal proposal(Organization org, Doc proposal, Map<String, Doc> known) {
        Formats f = formats(org, proposal.string("currency"));
        String stamp = "draft".equals(proposal.string("status")) ? "DRAFT" : null;
        List<Sheet.Fact> facts = new ArrayList<>();
        facts.add(new Sheet.Fact("Issue date", f.date(proposal.date("issueDate"))));
        if (proposal.date("expiresAt") != null) {
            facts.add(new Sheet.Fact("Valid until", f.date(proposal.date("expiresAt"))));
        }
        if (proposal.date("eventDate") != null) {
            facts.add(new Sheet.Fact("Event date", f.date(proposal.date("eventDate"))));
        }
        Sheet.Head head = head(org, DocumentKind.PROPOSAL, proposal, stamp, facts, known);
        List<Sheet.Sum> sums = sums(proposal, f);
        return new Sheet.Proposal(
                head,
                Objects.requireNonNullElse(proposal.string("title"), ""),
                rows(proposal, f),
                sums,
                milestones(proposal, f),
                installments(proposal, f),
                acceptance(proposal, f),
                blankToNull(proposal.string("notes")),
                blankToNull(proposal.string("terms")),
                proposal.object("paymentTerms").isPresent()
                        ? blankToNull(org.identity().paymentInstructions())
                        : null);
    }

    private Sheet.Receipt receipt(Organization org, Doc receipt, Map<String, Doc> known) {
        Formats f = formats(org, receipt.string("currency"));
        Doc invoice = store.find("invoices", receipt.requiredRef("invoice")).orElseThrow(ApiException::notFound);
        Doc payment = store.find("payments", receipt.requiredRef("payment")).orElseThrow(ApiException::notFound);
        List<Sheet.Fact> facts = new ArrayList<>();
        facts.add(new Sheet.Fact("Issued", f.date(dateIn(f, receipt.instant("issuedAt")))));
        facts.add(new Sheet.Fact("Invoice", Objects.requireNonNullElse(invoice.string("number"), "")));
        Sheet.Head head = head(org, DocumentKind.RECEIPT, invoice, null, facts, known)
                .withNumber(Objects.requireNonNullElse(receipt.string("number"), ""));
        List<Sheet.Fact> paid = new ArrayList<>();
        paid.add(new Sheet.Fact("Paid on", f.date(dateIn(f, payment.instant("paidAt")))));
        paid.add(new Sheet.Fact("Method", method(payment.string("method"))));
        payment.object("card").ifPresent(card -> {
            String brand = card.get("brand") == null ? "" : card.get("brand").toString();
            String last4 = card.get("last4") == null ? "" : card.get("last4").toString();
            if (!brand.isBlank() || !last4.isBlank()) {
                paid.add(new Sheet.Fact("Card", (brand + (last4.isBlank() ? "" : " •••• " + last4)).strip()));
            }
        });
        String reference = blankToNull(payment.string("reference"));
        if (reference != null) {
            paid.add(new Sheet.Fact("Reference", reference));
        }
        paid.add(new Sheet.Fact("Amount", f.money(receipt.decimal("amount"))));
        List<Sheet.Fact> paidInvoice = new ArrayList<>();
        paidInvoice.add(new Sheet.Fact("Invoice", Objects.requireNonNullElse(invoice.string("number"), "")));
        paidInvoice.add(new Sheet.Fact("Issue date", f.date(invoice.date("issueDate"))));
        paidInvoice.add(new Sheet.Fact("Invoice total", f.money(invoice.decimal("total"))));
        paidInvoice.add(new Sheet.Fact("Amount paid to date", f.money(invoice.decimal("amountPaid"))));
        paidInvoice.add(new Sheet.Fact("Balance due", f.money(invoice.decimal("amountDue"))));
        return new Sheet.Receipt(head, f.money(receipt.decimal("amount")), paid, paidInvoice);
    }

    // ------------------------------------------------------------------ shared parts

    private Sheet.Head head(
            Organization org,
            DocumentKind kind,
            Doc billed,
            @Nullable String stamp,
            List<Sheet.Fact> facts,
            Map<String, Doc> known) {
        String clientId = billed.requiredRef("client");
        Doc client = known.containsKey(clientId)
                ? known.get(clientId)
                : store.find("clients", clientId).orElse(new Doc());
        String contactId = billed.ref("contact");
        Doc contact = contactId == null
                ? null
                : known.containsKey(contactId)
                        ? known.get(contactId)
                        : store.find("contacts", contactId).orElse(null);
        return new Sheet.Head(
                kind.label(),
                Objects.requireNonNullElse(billed.string("number"), ""),
                stamp,
                issuer(org),
                client(client, org),
                contact == null ? null : contact(contact),
                List.copyOf(facts),
                org.identity().brandColor());
    }

    private static Sheet.Party issuer(Organization org) {
        Organization.Identity id = org.identity();
        List<String> lines = new ArrayList<>(address(id.address(), id.javaLocale()));
        addIfPresent(lines, id.email());
        addIfPresent(lines, id.phone());
        addIfPresent(lines, id.website());
        if (blankToNull(id.taxId()) != null) {
            lines.add("Tax ID: " + id.taxId());
        }
        String legal = blankToNull(id.legalName());
        String name = legal == null ? org.name() : legal;
        return new Sheet.Party(name, List.copyOf(lines));
    }

    private static Sheet.Party client(Doc client, Organization org) {
        Map<String, Object> a = client.object("address").orElse(Map.of());
        List<String> lines = new ArrayList<>(address(
                new Organization.Address(
                        str(a.get("line1")),
                        str(a.get("line2")),
                        str(a.get("city")),
                        str(a.get("region")),
                        str(a.get("postalCode")),
                        str(a.get("country"))),
                org.identity().javaLocale()));
        if (blankToNull(client.string("taxId")) != null) {
            lines.add("Tax ID: " + client.string("taxId"));
        }
        return new Sheet.Party(Objects.requireNonNullElse(client.string("name"), ""), List.copyOf(lines));
    }

    private static Sheet.Party contact(Doc contact) {
        List<String> lines = new ArrayList<>();
        addIfPresent(lines, contact.string("title"));
        addIfPresent(lines, contact.string("email"));
        addIfPresent(lines, contact.string("phone"));
        return new Sheet.Party(Objects.requireNonNullElse(contact.string("name"), ""), List.copyOf(lines));
    }

    /** Street lines, then "postal code city, region", then the country's name in the locale. */
    static List<String> address(Organization.Address a, Locale locale) {
        List<String> lines = new ArrayList<>();
        addIfPresent(lines, a.line1());
        addIfPresent(lines, a.line2());
        StringBuilder place = new StringBuilder();
        for (String part : new String[] {a.postalCode(), a.city()}) {
            if (blankToNull(part) != null) {
                place.append(place.isEmpty() ? "" : " ").append(part.strip());
            }
        }
        String region = blankToNull(a.region());
        if (region != null) {
            place.append(place.isEmpty() ? "" : ", ").append(region.strip());
        }
        if (!place.isEmpty()) {
            lines.add(place.toString());
        }
        if (blankToNull(a.country()) != null) {
            String name = Locale.of("", a.country()).getDisplayCountry(locale);
            lines.add(name.isBlank() ? a.country() : name);
        }
        return lines;
    }

    /** Every line as stored: generated time lines already read as the invoice's laborDisplay chose. */
    private static List<Sheet.Row> rows(Doc billed, Formats f) {
        List<Sheet.Row> rows = new ArrayList<>();
        for (Map<String, Object> line : billed.items("lineItems")) {
            rows.add(new Sheet.Row(
                    Objects.requireNonNullElse(str(line.get("description")), ""),
                    f.quantity(decimal(line.get("quantity"))),
                    Objects.requireNonNullElse(str(line.get("unit")), ""),
                    line.get("rate") == null ? "" : f.money(decimal(line.get("rate"))),
                    f.money(decimal(line.get("amount")))));
        }
        return List.copyOf(rows);
    }

    /** Subtotal, discount (when there is one), tax (when there is a rate), total. */
    private static List<Sheet.Sum> sums(Doc billed, Formats f) {
        List<Sheet.Sum> sums = new ArrayList<>();
        sums.add(new Sheet.Sum("Subtotal", f.money(billed.decimalOrZero("subtotal")), false));
        BigDecimal discount = billed.decimalOrZero("discountTotal");
        Map<String, Object> d = billed.object("discount").orElse(Map.of());
        if (discount.signum() != 0 || d.get("value") != null) {
            String label = "percent".equals(d.get("type")) && d.get("value") != null
                    ? "Discount (" + f.percent(Objects.requireNonNull(decimal(d.get("value")))) + ")"
                    : "Discount";
            sums.add(new Sheet.Sum(label, f.money(discount.negate()), false));
        }
        BigDecimal taxRate = billed.decimal("taxRate");
        if (taxRate != null || billed.decimalOrZero("taxTotal").signum() != 0) {
            String label = taxRate == null ? "Tax" : "Tax (" + f.percent(taxRate) + ")";
            sums.add(new Sheet.Sum(label, f.money(billed.decimalOrZero("taxTotal")), false));
        }
        sums.add(new Sheet.Sum("Total", f.money(billed.decimalOrZero("total")), true));
        return sums;
    }

    private List<Sheet.Milestone> milestones(Doc proposal, Formats f) {
        UUID id = Ids.parse("prop", proposal.id()).orElseThrow(ApiException::notFound);
        List<Doc> docs = new ArrayList<>(store.findWhere(
                "milestones",
                registry.layout("milestones").<UUID>column("proposal").eq(id)));
        docs.sort(Comparator.comparing(
                (Doc m) -> m.integer("sortOrder") == null ? Integer.MAX_VALUE : m.integer("sortOrder")));
        List<Sheet.Milestone> out = new ArrayList<>();
        for (Doc m : docs) {
            out.add(new Sheet.Milestone(
                    Objects.requireNonNullElse(m.string("name"), ""),
                    f.date(m.date("dueDate")),
                    m.decimal("amount") == null ? "" : f.money(m.decimal("amount")),
                    blankToNull(m.string("description"))));
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static List<Sheet.Installment> installments(Doc proposal, Formats f) {
        List<Map<String, Object>> terms = proposal.object("paymentTerms")
                .map(t -> (List<Map<String, Object>>) t.get("installments"))
                .orElse(List.of());
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<Money> amounts = Billing.installmentAmounts(proposal);
        List<Sheet.Installment> out = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            Map<String, Object> t = terms.get(i);
            String label = blankToNull(str(t.get("label"))) == null
                    ? "Installment " + (i + 1) + " of " + terms.size()
                    : str(t.get("label"));
            String due;
            if ("date".equals(t.get("dueOn")) && t.get("date") != null) {
                due = f.date(java.time.LocalDate.parse(t.get("date").toString()));
            } else {
                long offset = t.get("offsetDays") instanceof Number n ? n.longValue() : 0;
                due = offset == 0 ? "On acceptance" : offset + " days after acceptance";
            }
            out.add(new Sheet.Installment(
                    Objects.requireNonNull(label), due, amounts.get(i).format(f.locale())));
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static Sheet.@Nullable Acceptance acceptance(Doc proposal, Formats f) {
        if (!"accepted".equals(proposal.string("status")) || !(proposal.get("acceptance") instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, Object> a = (Map<String, Object>) m;
        String at = "";
        if (a.get("at") != null) {
            at = app.clearmargin.shared.Times.parseInstant(a.get("at").toString())
                    .map(f::dateTime)
                    .orElse(a.get("at").toString());
        }
        return new Sheet.Acceptance(
                Objects.requireNonNullElse(str(a.get("name")), ""),
                at,
                Objects.requireNonNullElse(str(a.get("ip")), ""),
                Objects.requireNonNullElse(str(a.get("userAgent")), ""),
                Objects.requireNonNullElse(str(a.get("documentSha256")), ""));
    }

    // ------------------------------------------------------------------ small helpers

    private static Formats formats(Organization org, @Nullable String currency) {
        return new Formats(org.identity().javaLocale(), currency == null ? org.currency() : currency, org.timezone());
    }

    private static java.time.@Nullable LocalDate dateIn(Formats f, java.time.@Nullable Instant at) {
        return at == null ? null : at.atZone(f.zone()).toLocalDate();
    }

    private static String method(@Nullable String wire) {
        return switch (wire == null ? "" : wire) {
            case "card" -> "Card";
            case "bank_transfer" -> "Bank transfer";
            case "check" -> "Check";
            case "cash" -> "Cash";
            default -> "Other";
        };
    }

    private static void addIfPresent(List<String> lines, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            lines.add(value.strip());
        }
    }

    static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static @Nullable String str(@Nullable Object o) {
        return o == null ? null : o.toString();
    }

    private static @Nullable BigDecimal decimal(@Nullable Object o) {
        return switch (o) {
            case null -> null;
            case BigDecimal d -> d;
            default -> new BigDecimal(o.toString());
        };
    }
}
