package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An invoice (collection {@code invoices}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Invoice(
        @Nullable String id,
        @Nullable String number,
        @Nullable Ref client,
        @Nullable Ref contact,
        @Nullable List<Ref> projects,
        @Nullable String status,
        @Nullable LocalDate issueDate,
        @Nullable LocalDate dueDate,
        @Nullable String currency,
        @Nullable List<LineItem> lineItems,
        @Nullable BigDecimal taxRate,
        @Nullable Discount discount,
        @Nullable String notes,
        @Nullable String terms,
        @Nullable BigDecimal subtotal,
        @Nullable BigDecimal discountTotal,
        @Nullable BigDecimal taxTotal,
        @Nullable BigDecimal total,
        @Nullable BigDecimal amountPaid,
        @Nullable BigDecimal amountDue,
        @Nullable BigDecimal amountOverpaid,
        @Nullable Instant sentAt,
        @Nullable Instant paidAt,
        @Nullable Instant voidedAt,
        @Nullable Ref proposal,
        @Nullable Ref paymentSchedule,
        @Nullable Integer installment,
        @Nullable String laborDisplay,
        @Nullable String publicUrl,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
