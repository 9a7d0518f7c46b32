package app.clearmargin.collections;

import app.clearmargin.auth.Principal;
import app.clearmargin.query.Param;
import app.clearmargin.query.QueryString;
import app.clearmargin.shared.ApiException;
import app.clearmargin.tenancy.Organizations;
import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.JsonBody;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one controller of every collection: {@code /api/{slug}}, {@code /api/{slug}/count},
 * {@code /api/{slug}/{id}} and actions. Order of refusals: unknown collection (404), operation the
 * collection does not offer (405), missing scope (403), then the request itself (400, 404, 409).
 */
@RestController
@Hidden
class CollectionController {

    private final Registry registry;
    private final Reader reader;
    private final Documents documents;
    private final JsonDocs jsonDocs;
    private final JsonBody jsonBody;
    private final WriteContexts contexts;
    private final Organizations organizations;
    private final TransactionTemplate tx;

    CollectionController(
            Registry registry,
            Reader reader,
            Documents documents,
            JsonDocs jsonDocs,
            JsonBody jsonBody,
            WriteContexts contexts,
            Organizations organizations,
            TransactionTemplate tx) {
        this.registry = registry;
        this.reader = reader;
        this.documents = documents;
        this.jsonDocs = jsonDocs;
        this.jsonBody = jsonBody;
        this.contexts = contexts;
        this.organizations = organizations;
        this.tx = tx;
    }

    @GetMapping("/api/{slug}")
    void list(@PathVariable String slug, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Collection c = collection(slug, Operation.LIST, request);
        Principal.current().requireRead(c.scope());
        ListParams p = ListParams.from(query(request));
        // rendered into a buffer first: an error while reading still gets a clean error response
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        reader.writeList(body, c, p, organizations.recent().timezone());
        writeJson(response, body);
    }

    @GetMapping("/api/{slug}/count")
    ResponseEntity<Object> count(@PathVariable String slug, HttpServletRequest request) {
        Collection c = collection(slug, Operation.LIST, request);
        Principal.current().requireRead(c.scope());
        Param where = query(request).get("where").orElse(null);
        return ok(Map.of(
                "totalDocs", reader.count(c, where, organizations.recent().timezone())));
    }

    @GetMapping("/api/{slug}/{id}")
    void get(
            @PathVariable String slug,
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Collection c = collection(slug, Operation.READ, request);
        Principal.current().requireRead(c.scope());
        ListParams p = ListParams.from(query(request));
        ByteArrayOutputStream body = new ByteArrayOutputStream(2048);
        reader.writeOne(body, c, id, p.depth(), p.select());
        writeJson(response, body);
    }

    private static void writeJson(HttpServletResponse response, ByteArrayOutputStream body) throws IOException {
        response.setStatus(200);
        response.setContentType(ErrorResponder.JSON.toString());
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }

    @PostMapping("/api/{slug}")
    ResponseEntity<Object> create(@PathVariable String slug, HttpServletRequest request) {
        Collection c = collection(slug, Operation.CREATE, request);
        Principal.current().requireWrite(c.scope());
        int depth = ListParams.depth(query(request));
        ObjectNode body = jsonBody.read(request, false);
        WriteContext ctx = contexts.of(request);
        Doc saved = tx.execute(s -> documents.create(c, body, ctx));
        Map<String, Object> shownOnce = new LinkedHashMap<>();
        documents.decorateCreated(c, saved, shownOnce);
        return ResponseEntity.status(201)
                .contentType(ErrorResponder.JSON)
                .body(jsonDocs.answer(
                        new JsonDocs.Answer(
                                new JsonDocs.Shown(c.slug(), saved, shownOnce),
                                c.singular() + " successfully created."),
                        depth));
    }

    @PatchMapping("/api/{slug}/{id}")
    ResponseEntity<Object> update(@PathVariable String slug, @PathVariable String id, HttpServletRequest request) {
        Collection c = collection(slug, Operation.UPDATE, request);
        Principal.current().requireWrite(c.scope());
        int depth = ListParams.depth(query(request));
        ObjectNode body = jsonBody.read(request, false);
        WriteContext ctx = contexts.of(request);
        Doc saved = tx.execute(s -> documents.update(c, id, body, ctx));
        return ok(jsonDocs.answer(
                new JsonDocs.Answer(new JsonDocs.Shown(c.slug(), saved), "Updated successfully."), depth));
    }

    @DeleteMapping("/api/{slug}/{id}")
    ResponseEntity<Object> delete(@PathVariable String slug, @PathVariable String id, HttpServletRequest request) {
        Collection c = collection(slug, Operation.DELETE, request);
        Principal.current().requireWrite(c.scope());
        int depth = ListParams.depth(query(request));
        WriteContext ctx = contexts.of(request);
        Doc deleted = tx.execute(s -> documents.delete(c, id, ctx));
        return ok(jsonDocs.answer(
                new JsonDocs.Answer(new JsonDocs.Shown(c.slug(), deleted), "Deleted successfully."), depth));
    }

    @PostMapping("/api/{slug}/{id}/{action}")
    ResponseEntity<Object> documentAction(
            @PathVariable String slug,
            @PathVariable String id,
            @PathVariable String action,
            HttpServletRequest request) {
        Collection c = registry.find(slug).orElseThrow(ApiException::notFound);
        return runAction(c, documentAction(c, action), id, request);
    }

    /** An action URL read or written with another method: 405 if the action exists, else the URL is no route (404). */
    @RequestMapping(
            path = "/api/{slug}/{id}/{action}",
            method = {RequestMethod.GET, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
    void documentActionOtherMethod(@PathVariable String slug, @PathVariable String action, HttpServletRequest request) {
        documentAction(registry.find(slug).orElseThrow(ApiException::notFound), action);
        throw ApiException.methodNotAllowed(request.getMethod(), request.getRequestURI());
    }

    /** A document action of the collection; a name it has no action for is no route (404). */
    private static Action documentAction(Collection c, String action) {
        Action a = c.documentActions().get(action);
        if (a == null) {
            throw ApiException.notFound();
        }
        return a;
    }

    @PostMapping("/api/{slug}/{action}")
    ResponseEntity<Object> collectionAction(
            @PathVariable String slug, @PathVariable String action, HttpServletRequest request) {
        Collection c = registry.find(slug).orElseThrow(ApiException::notFound);
        Action a = c.collectionActions().get(action);
        if (a == null) {
            throw ApiException.methodNotAllowed(
                    "POST", request.getRequestURI()); // a document URL: POST is not one of its methods
        }
        return runAction(c, a, null, request);
    }

    private ResponseEntity<Object> runAction(Collection c, Action a, @Nullable String id, HttpServletRequest request) {
        Principal.current().requireWrite(a.scopeResource());
        int depth = ListParams.depth(query(request));
        ObjectNode body = jsonBody.read(request, true);
        WriteContext ctx = contexts.of(request);
        ActionResult result = tx.execute(s -> {
            Doc doc = id == null ? null : documents.lock(c, id);
            return documents.act(c, a.name(), doc, body, ctx);
        });
        if (result.continuation() != null) {
            result = result.continuation().get();
        }
        Map<String, JsonDocs.Shown> related = new LinkedHashMap<>();
        result.extras().forEach((k, r) -> related.put(k, new JsonDocs.Shown(r.collection(), r.doc())));
        JsonDocs.Answer answer = new JsonDocs.Answer(
                new JsonDocs.Shown(
                        Objects.requireNonNull(result.docCollection(), "an action answer without its collection"),
                        result.requireDoc(),
                        result.docValues()),
                related,
                result.values(),
                result.message());
        return ResponseEntity.status(result.created() ? 201 : 200)
                .contentType(ErrorResponder.JSON)
                .body(jsonDocs.answer(answer, depth));
    }

    private Collection collection(String slug, Operation op, HttpServletRequest request) {
        Collection c = registry.find(slug).orElseThrow(ApiException::notFound);
        if (!c.allows(op)) {
            throw ApiException.methodNotAllowed(request.getMethod(), request.getRequestURI());
        }
        return c;
    }

    private static Param.Group query(HttpServletRequest request) {
        return QueryString.parse(request.getQueryString());
    }

    private static ResponseEntity<Object> ok(Object body) {
        return ResponseEntity.ok().contentType(ErrorResponder.JSON).body(body);
    }
}
