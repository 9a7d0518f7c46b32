package app.clearmargin.tenancy;

import app.clearmargin.shared.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An organization and the settings every capability reads (API.md §3 organization). */
public record Organization(
        UUID id,
        String name,
        String currency,
        ZoneId timezone,
        String invoicePrefix,
        String proposalPrefix,
        String receiptPrefix,
        int numberWidth,
        int paymentTermsDays,
        int dueSoonDays,
        int expiringSoonDays,
        int proposalValidityDays,
        MinimumHours minimumBillableHours,
        boolean autoSendReceipts,
        Identity identity,
        int maxRateLimitPerMinute,
        boolean demo,
        Instant createdAt,
        Instant updatedAt) {

    /** Minimum billable hours per rate type, applied per time entry when invoicing time. */
    public record MinimumHours(BigDecimal standard, BigDecimal overtime, BigDecimal rush) {
        public BigDecimal of(String rateType) {
            return switch (rateType) {
                case "overtime" -> overtime;
                case "rush" -> rush;
                default -> standard;
            };
        }
    }

    /**
     * How the organization presents itself on the documents its clients receive (API.md §8): every text
     * may be null but {@code locale} (a BCP 47 tag, default en-US) and {@code brandColor} (#rrggbb).
     */
    public record Identity(
            @Nullable String legalName,
            Address address,
            @Nullable String email,
            @Nullable String phone,
            @Nullable String website,
            @Nullable String taxId,
            String locale,
            @Nullable String paymentInstructions,
            String brandColor) {

        public static final String DEFAULT_LOCALE = "en-US";
        public static final String DEFAULT_BRAND_COLOR = "#1f2937";

        public Locale javaLocale() {
            return Locale.forLanguageTag(locale);
        }
    }

    /** A postal address, as clients have one; every part may be null. */
    public record Address(
            @Nullable String line1,
            @Nullable String line2,
            @Nullable String city,
            @Nullable String region,
            @Nullable String postalCode,
            @Nullable String country) {}

    public String publicId() {
        return Ids.format("org", id);
    }

    /** Today in the organization's timezone. */
    public LocalDate today(Instant now) {
        return now.atZone(timezone).toLocalDate();
    }
}
