package app.clearmargin.ledger;

import app.clearmargin.auth.Principal;
import app.clearmargin.ledger.ProfitabilityReports.GroupBy;
import app.clearmargin.ledger.ProfitabilityReports.Period;
import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Times;
import app.clearmargin.tenancy.Organizations;
import app.clearmargin.web.ErrorResponder;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/reports/profitability?groupBy=client|project&from=YYYY-MM-DD&to=YYYY-MM-DD} (scope
 * {@code transactions:read}). Every missing or invalid parameter is reported at once (400).
 */
@RestController
class ProfitabilityController {

    static final String PATH = "/api/reports/profitability";

    private final ProfitabilityReports reports;
    private final Organizations organizations;

    ProfitabilityController(ProfitabilityReports reports, Organizations organizations) {
        this.reports = reports;
        this.organizations = organizations;
    }

    @GetMapping(PATH)
    ResponseEntity<Object> profitability(HttpServletRequest request) {
        Principal.current().requireRead("transactions");
        Period period =
                period(request.getParameter("groupBy"), request.getParameter("from"), request.getParameter("to"));
        return ResponseEntity.ok()
                .contentType(ErrorResponder.JSON)
                .body(reports.run(organizations.recent(), period).toJson()); // a read: the cached settings do
    }

    @RequestMapping(
            path = PATH,
            method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
    void otherMethods(HttpServletRequest request) {
        throw ApiException.methodNotAllowed(request.getMethod(), request.getRequestURI());
    }

    /** The parameters, or a ValidationError naming each one that is missing or wrong. */
    static Period period(String groupBy, String from, String to) {
        List<ApiError.FieldError> errors = new ArrayList<>();
        GroupBy grouping = null;
        if (isBlank(groupBy)) {
            errors.add(new ApiError.FieldError("groupBy", "This field is required: client or project."));
        } else {
            grouping = switch (groupBy) {
                case "client" -> GroupBy.CLIENT;
                case "project" -> GroupBy.PROJECT;
                default -> {
                    errors.add(new ApiError.FieldError("groupBy", "groupBy must be client or project."));
                    yield null;
                }
            };
        }
        Optional<LocalDate> start = date("from", from, errors);
        Optional<LocalDate> end = date("to", to, errors);
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            errors.add(new ApiError.FieldError("to", "to must not be before from."));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation("reports", errors);
        }
        return new Period(Objects.requireNonNull(grouping), start.orElseThrow(), end.orElseThrow());
    }

    private static Optional<LocalDate> date(String name, String value, List<ApiError.FieldError> errors) {
        if (isBlank(value)) {
            errors.add(new ApiError.FieldError(name, "This field is required: a date YYYY-MM-DD."));
            return Optional.empty();
        }
        Optional<LocalDate> date = Times.parseDate(value);
        if (date.isEmpty()) {
            errors.add(new ApiError.FieldError(name, "This field must be a date YYYY-MM-DD."));
        }
        return date;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
