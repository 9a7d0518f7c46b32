package app.clearmargin.scheduling;

import app.clearmargin.auth.Principal;
import app.clearmargin.shared.TestableClock;
import app.clearmargin.shared.Times;
import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.JsonBody;
import app.clearmargin.webhooks.Deliveries;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The test clock (API.md §6), present only with {@code CLEARMARGIN_TESTING=true} (404 otherwise):
 * set or reset the server's clock, and run every due job now. Both need a {@code full_access} key:
 * they act on the whole server, not one organization's documents.
 *
 * <p>Its routes are registered when the context is ready and only in testing mode, so that without it
 * they are unmapped exactly like any unknown path. Decided at run time, not by a bean condition: with
 * Spring AOT (docs/operations.md, "Fast start") conditions are fixed when the jar is built.
 */
@Component
@Hidden
class TestingController implements SmartInitializingSingleton {

    private final TestableClock clock;
    private final TimeSweeps sweeps;
    private final Deliveries deliveries;
    private final JsonBody jsonBody;
    private final boolean testing;
    private final ObjectProvider<RequestMappingHandlerMapping> mappings;

    TestingController(
            TestableClock clock,
            TimeSweeps sweeps,
            Deliveries deliveries,
            JsonBody jsonBody,
            @Value("${clearmargin.testing:false}") boolean testing,
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.clock = clock;
        this.sweeps = sweeps;
        this.deliveries = deliveries;
        this.jsonBody = jsonBody;
        this.testing = testing;
        this.mappings = mappings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        // none in the admin CLI, which has no web server
        RequestMappingHandlerMapping web = mappings.getIfAvailable();
        if (!testing || web == null) {
            return;
        }
        route(web, "/api/testing/clock", "setClock", HttpServletRequest.class);
        route(web, "/api/testing/run-jobs", "runJobs");
    }

    private void route(RequestMappingHandlerMapping web, String path, String methodName, Class<?>... parameters) {
        Method method;
        try {
            method = TestingController.class.getDeclaredMethod(methodName, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        RequestMappingInfo info = RequestMappingInfo.paths(path)
                .methods(RequestMethod.POST)
                .options(web.getBuilderConfiguration())
                .build();
        web.registerMapping(info, this, method);
    }

    /** {@code POST /api/testing/clock}: {@code {"now": "2026-05-01T09:00:00Z"}} moves the clock there (it keeps ticking); {@code {"now": null}} resets it. */
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

    /** {@code POST /api/testing/run-jobs}: runs the time sweeps, dispatches the outbox and attempts every due delivery; returns when they are done. */
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
