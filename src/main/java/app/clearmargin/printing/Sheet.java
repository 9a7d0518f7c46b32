package app.clearmargin.printing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a template prints, already formatted in the organization's locale: the templates only place
 * and escape these strings. Two equal sheets print the same bytes.
 */
sealed interface Sheet {

    Head head();

    /** A name and the lines under it: the organization, the client, the contact. */
    record Party(String name, List<String> lines) {}

    /** A label and its value: "Due date" / "Jan 5, 2027". */
    record Fact(String label, String value) {}

    /** The top of every document: who, to whom, which document, and its stamp (DRAFT, VOID) if any. */
    record Head(
            String kind,
            String number,
            @Nullable String stamp,
            Party issuer,
            Party client,
            @Nullable Party contact,
            List<Fact> facts,
            String brandColor) {

        Head withNumber(String other) {
            return new Head(kind, other, stamp, issuer, client, contact, facts, brandColor);
        }
    }

    /** One line of the lines table, every cell formatted. */
    record Row(String description, String quantity, String unit, String rate, String amount) {}

    /** A row of the totals block; {@code strong} for the total and the amount due. */
    record Sum(String label, String value, boolean strong) {}

    record Milestone(
            String name,
            String due,
            String amount,
            @Nullable String description) {}

    record Installment(String label, String due, String amount) {}

    /** Who accepted a proposal through its link, when, from where, and the hash of the PDF they saw. */
    record Acceptance(String name, String at, String ip, String userAgent, String documentSha256) {}

    record Invoice(
            Head head,
            List<Row> rows,
            List<Sum> sums,
            @Nullable String notes,
            @Nullable String terms,
            @Nullable String paymentInstructions)
            implements Sheet {}

    record Proposal(
            Head head,
            String title,
            List<Row> rows,
            List<Sum> sums,
            List<Milestone> milestones,
            List<Installment> installments,
            @Nullable Acceptance acceptance,
            @Nullable String notes,
            @Nullable String terms,
            @Nullable String paymentInstructions)
            implements Sheet {}

    record Receipt(Head head, String amount, List<Fact> payment, List<Fact> invoice) implements Sheet {}
}
