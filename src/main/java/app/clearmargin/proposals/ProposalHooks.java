package app.clearmargin.proposals;

import app.clearmargin.billing.Billing;
import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.crm.Crm;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import app.clearmargin.work.Work;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Proposals: numbered at creation; issue date today, expiry after the organization's validity
 * period; contact the client's primary; lines priced like invoices, each catalog line keeps a
 * snapshot of the item's recipe; content frozen once sent; only drafts can be deleted.
 */
@Component
class ProposalHooks implements CollectionHooks {

    static final Set<String> FROZEN_AFTER_DRAFT =
            Set.of("client", "currency", "lineItems", "taxRate", "discount", "paymentTerms");

    private final DocumentStore store;
    private final Billing billing;
    private final Crm crm;
    private final Work work;

    ProposalHooks(DocumentStore store, Billing billing, Crm crm, Work work) {
        this.store = store;
        this.billing = billing;
        this.crm = crm;
        this.work = work;
    }

    @Override
    public String collection() {
        return "proposals";
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        if (draft.has("currency")) {
            return draft.requiredString("currency");
        }
        String client = draft.ref("client");
        return client == null
                ? ctx.currency()
                : store.find("clients", client).map(c -> c.string("currency")).orElse(ctx.currency());
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        if (existing != null && ProposalStatus.of(existing.requiredString("status")) != ProposalStatus.DRAFT) {
            for (String f : FROZEN_AFTER_DRAFT) {
                if (!Objects.equals(draft.get(f), existing.get(f))) {
                    throw ApiException.stateConflict(
                            "Proposal " + existing.string("number") + " is " + existing.string("status") + ": " + f
                                    + " can change only while it is a draft.",
                            existing.requiredString("status"));
                }
            }
        }
        String currency = currency(ctx, draft);
        crm.checkContactOfClient(draft, errors);
        Billing.checkDiscount(draft, currency, errors);
        if (draft.has("issueDate")
                && draft.has("expiresAt")
                && !errors.has("expiresAt")
                && !errors.has("issueDate")
                && draft.requiredDate("expiresAt").isBefore(draft.date("issueDate"))) {
            errors.add("expiresAt", "expiresAt must not be before issueDate.");
        }
        if (!errors.has("paymentTerms")
                && !errors.has("lineItems")
                && Money.currencyCode(currency).isPresent()) {
            List<Map<String, Object>> terms = terms(draft);
            if (!terms.isEmpty()) { // no installments: no payment terms
                Money total = Billing.totals(draft, currency).total();
                for (String[] problem : Billing.installmentProblems(terms, total)) {
                    errors.add(problem[0], problem[1]);
                }
            }
        }
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        if (existing == null) {
            draft.put("number", billing.nextProposalNumber(ctx.organization()));
            draft.put("status", ProposalStatus.DRAFT.wire());
            if (draft.get("currency") == null) {
                draft.put("currency", currency(ctx, draft));
            }
            if (draft.get("contact") == null) {
                draft.put(
                        "contact",
                        crm.primaryContact(draft.requiredRef("client"))
                                .map(Doc::id)
                                .orElse(null));
            }
        }
        if (draft.get("issueDate") == null) {
            draft.put("issueDate", ctx.today().toString());
        }
        if (draft.get("expiresAt") == null) {
            draft.put(
                    "expiresAt",
                    draft.requiredDate("issueDate")
                            .plusDays(ctx.organization().proposalValidityDays())
                            .toString());
        }
        snapshotRecipes(draft, existing);
        billing.priceLines(draft, draft.requiredString("currency"));
    }

    /** A line added with a catalog item keeps that item's recipe as it was at that moment. */
    private void snapshotRecipes(Doc draft, @Nullable Doc existing) {
        Map<Object, Object> known = new LinkedHashMap<>();
        if (existing != null) {
            existing.items("lineItems").forEach(l -> known.put(l.get("id"), l.get("recipe")));
        }
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (Map<String, Object> item : draft.items("lineItems")) {
            Map<String, Object> line = new LinkedHashMap<>(item);
            if (line.get("id") != null && known.containsKey(line.get("id"))) {
                line.put("recipe", known.get(line.get("id")));
            } else if (line.get("catalogItem") != null) {
                line.put(
                        "recipe",
                        store.find("catalog-items", line.get("catalogItem").toString())
                                .flatMap(c -> c.object("recipe"))
                                .orElse(null));
            }
            lines.add(line);
        }
        draft.put("lineItems", lines);
    }

    @Override
    public void beforeDelete(WriteContext ctx, Doc proposal) {
        if (ProposalStatus.of(proposal.requiredString("status")) != ProposalStatus.DRAFT) {
            throw ApiException.stateConflict(
                    "Proposal " + proposal.string("number") + " is " + proposal.string("status")
                            + "; only drafts can be deleted.",
                    proposal.requiredString("status"));
        }
        work.deleteProposalMilestones(ctx, proposal.id());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> terms(Doc proposal) {
        return proposal.object("paymentTerms")
                .map(t -> (List<Map<String, Object>>) t.get("installments"))
                .filter(Objects::nonNull)
                .orElse(List.of());
    }
}
