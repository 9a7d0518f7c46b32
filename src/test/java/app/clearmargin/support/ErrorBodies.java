package app.clearmargin.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Assertions on the API's error format (API.md §1 Errors): the status, a JSON body
 * {@code {"errors":[{"name"?, "message", "data"?}]}}, a request id, and nothing of the server's
 * insides (stack frames, exception or class names, SQL, driver or pool names) in the body.
 */
public final class ErrorBodies {

    private static final List<Pattern> INTERNALS = List.of(
            Pattern.compile("Exception"),
            Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\("), // a stack frame
            Pattern.compile("\\b(java|javax|jakarta|org|com|io|tools|app)\\.[a-z][\\w$]*\\.[\\w$.]*"), // a class name
            Pattern.compile("(?i)\\b(select|insert into|update \\w+ set|delete from)\\b"),
            Pattern.compile("(?i)sqlstate|jdbc|postgres|hikari|jooq|tomcat|springframework|stack ?trace"));

    private ErrorBodies() {}

    /** Asserts {@code status} and the error format; returns the first error object. */
    public static JsonNode assertError(Api.Response r, int status) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).as("content type of %s", r).startsWith("application/json");
        assertThat(r.header("X-Request-Id")).as("request id of %s", r).isNotBlank();
        assertNoInternals(r.body());
        JsonNode body = r.json();
        assertThat(body.propertyNames()).as("top-level keys of %s", r).containsExactly("errors");
        JsonNode errors = body.get("errors");
        assertThat(errors.isArray() && !errors.isEmpty())
                .as("errors array in %s", r)
                .isTrue();
        for (JsonNode e : errors) {
            assertThat(e.propertyNames())
                    .as("keys of an error in %s", r)
                    .contains("message")
                    .isSubsetOf("name", "message", "data");
            assertThat(e.get("message").isString())
                    .as("message is a string in %s", r)
                    .isTrue();
            assertThat(e.get("message").asString()).isNotBlank();
        }
        return errors.get(0);
    }

    /** Asserts the error format with a given first message. */
    public static JsonNode assertError(Api.Response r, int status, String message) {
        JsonNode error = assertError(r, status);
        assertThat(error.get("message").asString()).as("message of %s", r).isEqualTo(message);
        return error;
    }

    public static void assertNoInternals(String body) {
        for (Pattern p : INTERNALS) {
            assertThat(p.matcher(body).find())
                    .as("error body leaks internals (%s): %s", p, body)
                    .isFalse();
        }
    }
}
