package app.clearmargin.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Assertions on the Payload-shaped responses of writes (API.md §1 Writes, Errors). */
public final class ResponseAssertions {

    private ResponseAssertions() {}

    /** 201 {@code {"doc": …, "message": "<Singular> successfully created."}}; returns the doc. */
    public static JsonNode assertCreated(Api.Response r, String singular) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().path("message").asString()).isEqualTo(singular + " successfully created.");
        assertThat(r.json().propertyNames()).containsExactlyInAnyOrder("doc", "message");
        assertThat(r.doc().path("id").asString()).isNotBlank();
        return r.doc();
    }

    /** 200 {@code {"doc": …, "message": "Updated successfully."}}; returns the doc. */
    public static JsonNode assertUpdated(Api.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().path("message").asString()).isEqualTo("Updated successfully.");
        return r.doc();
    }

    /** 200 {@code {"doc": …, "message": "Deleted successfully."}}; returns the doc. */
    public static JsonNode assertDeleted(Api.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().path("message").asString()).isEqualTo("Deleted successfully.");
        return r.doc();
    }

    /**
     * 400 ValidationError of {@code collection} naming exactly these paths (in any order), with Payload's
     * message listing them.
     */
    public static void assertInvalid(Api.Response r, String collection, String... paths) {
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.errorName()).as("%s", r).isEqualTo("ValidationError");
        JsonNode data = r.json().path("errors").path(0).path("data");
        assertThat(data.path("collection").asString()).isEqualTo(collection);
        List<String> reported = r.errorPaths();
        assertThat(reported).as("%s", r).containsExactlyInAnyOrder(paths);
        data.path("errors")
                .forEach(e -> assertThat(e.path("message").asString()).isNotBlank());
        String message = r.errorMessage();
        assertThat(message)
                .startsWith(
                        paths.length == 1 ? "The following field is invalid: " : "The following fields are invalid: ");
        for (String p : paths) {
            assertThat(message).contains(p);
        }
    }

    /** The message reported for {@code path} in a ValidationError. */
    public static String messageAt(Api.Response r, String path) {
        for (JsonNode e : r.json().path("errors").path(0).path("data").path("errors")) {
            if (e.path("path").asString().equals(path)) {
                return e.path("message").asString();
            }
        }
        throw new AssertionError("no error at " + path + " in " + r);
    }

    /** 409 whose message names the referencing collection (and {@code data.referencedBy}, when given, lists it). */
    public static void assertReferencedBy(Api.Response r, String referencingCollection) {
        assertThat(r.status()).as("%s", r).isEqualTo(409);
        assertThat(r.errorMessage()).contains(referencingCollection);
        JsonNode referencedBy = r.json().path("errors").path(0).path("data").path("referencedBy");
        if (!referencedBy.isMissingNode()) {
            assertThat(referencedBy.toString()).contains("\"" + referencingCollection + "\"");
        }
    }

    /** 409 StateConflict reporting the current status. */
    public static void assertStateConflict(Api.Response r, String currentStatus) {
        assertThat(r.status()).as("%s", r).isEqualTo(409);
        assertThat(r.errorName()).isEqualTo("StateConflict");
        assertThat(r.json().path("errors").path(0).path("data").path("status").asString())
                .isEqualTo(currentStatus);
    }

    public static void assertNotFound(Api.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(404);
        assertThat(r.errorMessage()).isEqualTo("Not Found");
    }
}
