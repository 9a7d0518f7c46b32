package app.clearmargin.scheduling;

import app.clearmargin.auth.Principal;
import app.clearmargin.shared.TestableClock;
import app.clearmargin.shared.Times;
import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.JsonBody;
import app.clearmargin.webhooks.Deliveries;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The test clock (API.md §6), present only with {@code CLEARMARGIN_TESTING=true} (404 otherwise):
 * set or reset the server's clock, and run every due job now. Both need a {@code full_access} key:
 * they act on the whole server, not one organization's documents.
 */
@RestController
@Hidden
@ConditionalOnProperty(name = "clearmargin.testing", havingValue = "true")
class TestingController {

    private final TestableClock clock;
    private final TimeSweeps sweeps;
    private final Deliveries deliveries;
    private final JsonBody jsonBody;

    TestingController(TestableClock clock, TimeSweeps sweeps, Deliveries deliveries, JsonBody jsonBody) {
        this.clock = clock;
        this.sweeps = sweeps;
        this.deliveries = deliveries;
        this.jsonBody = jsonBody;
    }

    /** {@code {"now": "2026-05-01T09:00:00Z"}} moves the clock there (it keeps ticking); {@code {"now": null}} resets it. */
    @PostMapping("/api/testing/clock")
    ResponseEntity<Object> setClock(HttpServletRequest request) {
        Principal.current().requireFullAccess();
        JsonNode now = jsonBody.read(request, false).get("now");
        if (now == null
                || (!now.isNull()
                        && (!now.isString()
                                || Times.parseInstant(now.stringValue()).isEmpty()))) {
            throw app.clearmargin.shared.ApiException.invalidField(
                    "testing", "now", "now must be an ISO-8601 instant, or null for real time.");
        }
        clock.set(now.isNull() ? null : Times.parseInstant(now.stringValue()).orElseThrow());
        return ResponseEntity.ok().contentType(ErrorResponder.JSON).body(state());
    }

    /** Runs the time sweeps, dispatches the outbox and attempts every due delivery; returns when they are done. */
    @PostMapping("/api/testing/run-jobs")
    ResponseEntity<Object> runJobs() {
        Principal.current().requireFullAccess();
        int swept = sweeps.runAll();
        deliveries.runDue();
        Map<String, Object> out = state();
        out.put("swept", swept);
        return ResponseEntity.ok().contentType(ErrorResponder.JSON).body(out);
    }

    private Map<String, Object> state() {
        Map<String, Object> out = new LinkedHashMap<>();
        Instant now = clock.instant();
        out.put("now", Times.format(now));
        out.put("shifted", clock.isShifted());
        return out;
    }
}
