package app.clearmargin.tenancy;

import app.clearmargin.shared.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

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

    public String publicId() {
        return Ids.format("org", id);
    }

    /** Today in the organization's timezone. */
    public LocalDate today(Instant now) {
        return now.atZone(timezone).toLocalDate();
    }
}
