package app.clearmargin.organization;

import static app.clearmargin.collections.Fields.address;
import static app.clearmargin.collections.Fields.bool;
import static app.clearmargin.collections.Fields.email;
import static app.clearmargin.collections.Fields.integer;
import static app.clearmargin.collections.Fields.number;
import static app.clearmargin.collections.Fields.object;
import static app.clearmargin.collections.Fields.pattern;
import static app.clearmargin.collections.Fields.text;

import app.clearmargin.auth.Principal;
import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Field;
import app.clearmargin.collections.Operation;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.collections.WriteContexts;
import app.clearmargin.payments.Payments;
import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import app.clearmargin.shared.Times;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.JsonBody;
import app.clearmargin.web.PublicBaseUrl;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code GET/PATCH /api/organization}: the settings of the key's organization (scope {@code organization}). */
@RestController
@Hidden
class OrganizationController {

    static final List<Field> FIELDS = List.of(
            text("name", 1, 200),
            text("currency", 3, 3),
            text("timezone", 1, 64),
            text("invoicePrefix", 0, 20),
            text("proposalPrefix", 0, 20),
            text("receiptPrefix", 0, 20),
            integer("numberWidth", 1, 12),
            integer("paymentTermsDays", 0, 365),
            integer("dueSoonDays", 0, 365),
            integer("expiringSoonDays", 0, 365),
            integer("proposalValidityDays", 1, 3650),
            object(
                    "minimumBillableHours",
                    number("standard", BigDecimal.ZERO, false, BigDecimal.valueOf(24), 2),
                    number("overtime", BigDecimal.ZERO, false, BigDecimal.valueOf(24), 2),
                    number("rush", BigDecimal.ZERO, false, BigDecimal.valueOf(24), 2)),
            bool("autoSendReceipts"),
            // API.md §8: the identity printed on documents
            text("legalName", 0, 200),
            address("address"),
            email("email"),
            text("phone", 0, 50),
            text("website", 0, 200),
            text("taxId", 0, 50),
            text("locale", 1, 35),
            text("paymentInstructions", 0, 2000),
            pattern("brandColor", "#[0-9a-fA-F]{6}", "This field must be a colour #rrggbb such as #1f2937."));

    /** Settings that may be cleared with null. */
    static final java.util.Set<String> CLEARABLE = java.util.Set.of(
            "minimumBillableHours",
            "legalName",
            "address",
            "email",
            "phone",
            "website",
            "taxId",
            "paymentInstructions");

    private static final List<String> ADDRESS_PARTS =
            List.of("line1", "line2", "city", "region", "postalCode", "country");

    /** Describes the resource to the audit log (it is not a generic collection). */
    static final Collection AUDITED = Collection.define("organization")
            .singular("Organization")
            .idPrefix("org")
            .operations(Operation.READ, Operation.UPDATE)
            .build();

    private final Organizations organizations;
    private final JsonBody jsonBody;
    private final Documents documents;
    private final WriteContexts contexts;
    private final Registry registry;
    private final TransactionTemplate tx;
    private final PublicBaseUrl publicBaseUrl;
    private final Payments payments;

    OrganizationController(
            Organizations organizations,
            JsonBody jsonBody,
            Documents documents,
            WriteContexts contexts,
            Registry registry,
            TransactionTemplate tx,
            PublicBaseUrl publicBaseUrl,
            Payments payments) {
        this.organizations = organizations;
        this.jsonBody = jsonBody;
        this.documents = documents;
        this.contexts = contexts;
        this.registry = registry;
        this.tx = tx;
        this.publicBaseUrl = publicBaseUrl;
        this.payments = payments;
    }

    @GetMapping("/api/organization")
    ResponseEntity<Object> get() {
        Principal.current().requireRead("organization");
        return ResponseEntity.ok()
                .contentType(ErrorResponder.JSON)
                .body(withPublicBaseUrl(withStripe(render(organizations.current()))));
    }

    @PatchMapping("/api/organization")
    ResponseEntity<Object> patch(HttpServletRequest request) {
        Principal.current().requireWrite("organization");
        var body = jsonBody.read(request, false);
        // API.md §9: the Stripe connection belongs to payments, which validates it (write-only secrets)
        boolean stripeGiven = body.has("stripe");
        JsonNode stripe = body.remove("stripe");
        Map<String, Object> values = Documents.validatePatch("organization", FIELDS, body, registry::prefixOf);
        Map<String, Object> columns = columns(values);
        WriteContext ctx = contexts.of(request);
        Doc updated = tx.execute(s -> {
            Doc before = withStripe(render(organizations.current()));
            Organization after = organizations.update(columns);
            if (stripeGiven) {
                payments.updateStripe(stripe);
            }
            // the audit entry shows the stripe view only, never a secret
            Doc rendered = withStripe(render(after));
            documents.recordAction(ctx, AUDITED, "update", before, rendered);
            return rendered;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("doc", withPublicBaseUrl(updated));
        out.put("message", "Updated successfully.");
        return ResponseEntity.ok().contentType(ErrorResponder.JSON).body(out);
    }

    /** The rendered settings with the {@code stripe} view (connected, mode, keyLast4; no secret). */
    private Doc withStripe(Doc rendered) {
        Map<String, Object> out = new LinkedHashMap<>(rendered.asMap());
        out.put("stripe", payments.stripeView());
        return new Doc(out);
    }

    /** The rendered settings and the read-only {@code publicBaseUrl} (configuration, not a setting). */
    private Map<String, Object> withPublicBaseUrl(Doc rendered) {
        Map<String, Object> out = new LinkedHashMap<>(rendered.asMap());
        out.put("publicBaseUrl", publicBaseUrl.get());
        return out;
    }

    @RequestMapping(
            path = "/api/organization",
            method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.DELETE})
    void otherMethods(HttpServletRequest request) {
        throw ApiException.methodNotAllowed(request.getMethod(), request.getRequestURI());
    }

    /** Settings by column; refuses values the database would accept but the product cannot use. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> columns(Map<String, Object> values) {
        List<ApiError.FieldError> errors = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((name, v) -> {
            if (v == null && !CLEARABLE.contains(name)) {
                errors.add(new ApiError.FieldError(name, "This field is required."));
                return;
            }
            switch (name) {
                case "currency" ->
                    Money.currencyCode(((String) v).toUpperCase())
                            .ifPresentOrElse(
                                    c -> out.put("currency", c),
                                    () -> errors.add(new ApiError.FieldError(
                                            name, "This field must be an ISO 4217 currency code.")));
                case "timezone" -> {
                    try {
                        out.put("timezone", ZoneId.of((String) v).getId());
                    } catch (DateTimeException e) {
                        errors.add(new ApiError.FieldError(
                                name, "This field must be an IANA time zone such as Europe/Berlin."));
                    }
                }
                case "minimumBillableHours" -> {
                    Map<String, Object> hours = v == null ? Map.of() : (Map<String, Object>) v;
                    for (String type : List.of("standard", "overtime", "rush")) {
                        if (v == null || hours.containsKey(type)) {
                            Object h = hours.get(type);
                            out.put("minimum_billable_hours_" + type, h == null ? BigDecimal.ZERO : h);
                        }
                    }
                }
                case "address" -> {
                    Map<String, Object> parts = v == null ? Map.of() : (Map<String, Object>) v;
                    for (String part : ADDRESS_PARTS) {
                        if (v == null || parts.containsKey(part)) {
                            out.put("address_" + app.clearmargin.collections.Fields.snake(part), parts.get(part));
                        }
                    }
                }
                case "locale" ->
                    Locales.canonical((String) v)
                            .ifPresentOrElse(
                                    tag -> out.put("locale", tag),
                                    () -> errors.add(
                                            new ApiError.FieldError(
                                                    name,
                                                    "This field must be a BCP 47 language tag of a known language, such as en-US or de-DE.")));
                case "brandColor" -> out.put("brand_color", ((String) v).toLowerCase(java.util.Locale.ROOT));
                case "numberWidth", "paymentTermsDays", "dueSoonDays", "expiringSoonDays", "proposalValidityDays" ->
                    out.put(app.clearmargin.collections.Fields.snake(name), ((Number) v).intValue());
                default -> out.put(app.clearmargin.collections.Fields.snake(name), v);
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.validation("organization", errors);
        }
        return out;
    }

    static Doc render(Organization o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.publicId());
        m.put("name", o.name());
        m.put("currency", o.currency());
        m.put("timezone", o.timezone().getId());
        m.put("invoicePrefix", o.invoicePrefix());
        m.put("proposalPrefix", o.proposalPrefix());
        m.put("receiptPrefix", o.receiptPrefix());
        m.put("numberWidth", o.numberWidth());
        m.put("paymentTermsDays", o.paymentTermsDays());
        m.put("dueSoonDays", o.dueSoonDays());
        m.put("expiringSoonDays", o.expiringSoonDays());
        m.put("proposalValidityDays", o.proposalValidityDays());
        Map<String, Object> hours = new LinkedHashMap<>();
        hours.put("standard", norm(o.minimumBillableHours().standard()));
        hours.put("overtime", norm(o.minimumBillableHours().overtime()));
        hours.put("rush", norm(o.minimumBillableHours().rush()));
        m.put("minimumBillableHours", hours);
        m.put("autoSendReceipts", o.autoSendReceipts());
        Organization.Identity id = o.identity();
        m.put("legalName", id.legalName());
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("line1", id.address().line1());
        address.put("line2", id.address().line2());
        address.put("city", id.address().city());
        address.put("region", id.address().region());
        address.put("postalCode", id.address().postalCode());
        address.put("country", id.address().country());
        m.put("address", address);
        m.put("email", id.email());
        m.put("phone", id.phone());
        m.put("website", id.website());
        m.put("taxId", id.taxId());
        m.put("locale", id.locale());
        m.put("paymentInstructions", id.paymentInstructions());
        m.put("brandColor", id.brandColor());
        m.put("maxRateLimitPerMinute", o.maxRateLimitPerMinute());
        m.put("createdAt", Times.format(o.createdAt()));
        m.put("updatedAt", Times.format(o.updatedAt()));
        return new Doc(m);
    }

    private static BigDecimal norm(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
