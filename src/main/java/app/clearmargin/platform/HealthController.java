package app.clearmargin.platform;

import io.swagger.v3.oas.annotations.Hidden;
import app.clearmargin.web.ErrorResponder;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health} (no key): {@code {"status":"UP"}} when the database answers, else 503. */
@RestController
@Hidden
class HealthController {

    private final DSLContext db;

    HealthController(DSLContext db) {
        this.db = db;
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, Object>> health() {
        try {
            db.resultQuery("select 1").queryTimeout(2).fetch();
            return ResponseEntity.ok().contentType(ErrorResponder.JSON).body(Map.of("status", "UP"));
        } catch (RuntimeException e) {
            return ResponseEntity.status(503).contentType(ErrorResponder.JSON).header("Retry-After", "5")
                    .body(Map.of("status", "DOWN"));
        }
    }
}
