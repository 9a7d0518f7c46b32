package app.clearmargin.platform;

import app.clearmargin.web.ErrorResponder;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health} (no key): {@code {"status":"UP"}} once the application is ready (the startup
 * work, the demo bootstrap included, is done) and while the database answers, else 503 DOWN.
 */
@RestController
@Hidden
class HealthController {

    private final DSLContext db;
    private final ApplicationAvailability availability;

    HealthController(DSLContext db, ApplicationAvailability availability) {
        this.db = db;
        this.availability = availability;
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, Object>> health() {
        // Spring Boot turns ACCEPTING_TRAFFIC only after every ApplicationReadyEvent listener returned,
        // DemoBootstrap's (which writes the demo key file) among them: a client that waits for UP finds the key
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return down();
        }
        try {
            db.resultQuery("select 1").queryTimeout(2).fetch();
            return ResponseEntity.ok().contentType(ErrorResponder.JSON).body(Map.of("status", "UP"));
        } catch (RuntimeException e) {
            return down();
        }
    }

    private static ResponseEntity<Map<String, Object>> down() {
        return ResponseEntity.status(503)
                .contentType(ErrorResponder.JSON)
                .header("Retry-After", "5")
                .body(Map.of("status", "DOWN"));
    }
}
