package app.clearmargin.web;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.RawHttp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API.md §7 hardening: what the HTTP layer refuses before the application (request line or headers
 * too long, invalid characters, NUL, CONNECT, TRACE) is answered in the one error format with a
 * request id, and request targets up to 16 KiB are served.
 */
class HttpLayerErrorsTest extends ApiTest {

    private static final int TARGET_LIMIT = 16_384;

    @Test
    void whereIdInListOfThreeHundredIdsIsServed() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(createId("clients", Map.of("name", "Listed " + i)));
        }
        Ids newIds = new Ids(Clock.systemUTC());
        while (ids.size() < 300) {
            ids.add(newIds.newId("client"));
        }
        String target = "/api/clients" + Api.q("where[id][in]", String.join(",", ids), "limit", 100);
        assertThat(target.length())
                .as("the target is longer than Tomcat's default 8 KiB")
                .isBetween(10_000, TARGET_LIMIT);

        Api.Response r = api.get(target);

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("totalDocs").asInt()).isEqualTo(3);
    }

    @Test
    void targetOfExactlySixteenKibibytesIsServedAndOneByteMoreIs414() {
        String auth = "Authorization: Bearer " + api.key();

        Api.Response atLimit = RawHttp.send(port, RawHttp.get(targetOfLength(TARGET_LIMIT), auth));
        Api.Response overLimit = RawHttp.send(port, RawHttp.get(targetOfLength(TARGET_LIMIT + 1), auth));

        assertThat(atLimit.status()).as("%s", atLimit).isEqualTo(200);
        assertError(overLimit, 414, "The request target is longer than 16384 bytes.");
    }

    @Test
    void requestLineLongerThanTheConnectorBufferIs414() {
        assertError(RawHttp.send(port, RawHttp.get(targetOfLength(40_000))), 414);
    }

    @Test
    void headersTooLargeOrTooManyAre431() {
        assertError(RawHttp.send(port, RawHttp.get("/health", "X-Big: " + "a".repeat(30_000))), 431);
        String[] many = new String[150];
        for (int i = 0; i < many.length; i++) {
            many[i] = "X-Header-" + i + ": v";
        }
        assertError(RawHttp.send(port, RawHttp.get("/health", many)), 431);
    }

    @Test
    void invalidCharactersOrNulInTheTargetAreBadRequests() {
        for (String target : List.of("/api/clients?a=<x>", "/api/clients/%00", "/api/clients/a\"b", "/api/%zz")) {
            assertError(RawHttp.send(port, RawHttp.get(target, "Authorization: Bearer " + api.key())), 400);
        }
    }

    @Test
    void nulInAHeaderIsABadRequest() {
        assertError(RawHttp.send(port, RawHttp.get("/health", "X-Odd: a\0b")), 400);
        assertError(RawHttp.send(port, RawHttp.get("/api/clients", "Authorization: Bearer " + api.key() + "\0")), 400);
    }

    @Test
    void connectIsAMethodNotAllowed() {
        Api.Response connect = RawHttp.send(
                port, "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\nConnection: close\r\n\r\n");

        assertThat(assertError(connect, 405).get("message").asString()).startsWith("Method CONNECT is not allowed");
    }

    @Test
    void traceIsAMethodNotAllowedNamingTrace() {
        Api.Response trace = RawHttp.send(port, RawHttp.get("/api/clients").replaceFirst("GET", "TRACE"));

        assertError(trace, 405, "Method TRACE is not allowed on /api/clients.");
    }

    @Test
    void malformedRequestLineIsABadRequestAndAnUnknownVersionIs505() {
        assertError(RawHttp.send(port, "G(T /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400);
        assertError(RawHttp.send(port, "GET /health HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n"), 505);
    }

    /** A list request whose target (path and query) is exactly {@code length} bytes long. */
    private static String targetOfLength(int length) {
        String start = "/api/clients?where[name][equals]=";
        return start + "a".repeat(length - start.length());
    }
}
