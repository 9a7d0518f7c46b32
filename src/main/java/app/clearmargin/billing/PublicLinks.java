package app.clearmargin.billing;

import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.links.DocumentLinks;
import app.clearmargin.links.LinkKind;
import app.clearmargin.shared.ApiException;
import org.springframework.stereotype.Component;

/**
 * The {@code publicUrl} of invoices, proposals and receipts (API.md §8): issued when a document is first
 * sent (receipts: created) and kept on later sends; {@code rotate-link} replaces it. The field holds the
 * token; the engine renders it under the configured public base URL.
 */
@Component
class PublicLinks {

    static final String FIELD = "publicUrl";

    private final DocumentLinks links;
    private final Documents documents;
    private final Registry registry;

    PublicLinks(DocumentLinks links, Documents documents, Registry registry) {
        this.links = links;
        this.documents = documents;
        this.registry = registry;
    }

    /** Puts a new link's token into {@code draft} unless {@code existing} already has one. */
    Doc withLink(WriteContext ctx, LinkKind kind, Doc existing, Doc draft) {
        if (existing.string(FIELD) == null) {
            draft.put(FIELD, links.issue(kind, existing.uuid(kind.idPrefix()), ctx.now()));
        }
        return draft;
    }

    /**
     * {@code POST /api/{invoices|proposals|receipts}/:id/rotate-link}: a new token, the old one unknown at
     * once. A document that has no link yet but would have one (sent at least once; any receipt) gets its
     * first; a draft has none to rotate (409).
     */
    ActionResult rotate(ActionRequest request, LinkKind kind, String singular) {
        Doc doc = request.requireDocument();
        WriteContext ctx = request.context();
        // receipts have no status: every receipt has a link
        if ("draft".equals(doc.string("status"))) {
            throw ApiException.stateConflict(
                    singular + " " + doc.string("number")
                            + " is a draft; it gets its link when it is sent, so there is none to rotate.",
                    "draft");
        }
        String token = links.rotate(kind, doc.uuid(kind.idPrefix()), ctx.now());
        Doc rotated = documents.updateChecked(
                registry.get(kind.slug()), doc, doc.copy().put(FIELD, token), ctx, "rotate-link");
        return ActionResult.acted(kind.slug(), rotated, singular + " link rotated; the previous link no longer works.");
    }
}
