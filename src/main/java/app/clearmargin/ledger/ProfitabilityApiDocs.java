package app.clearmargin.ledger;

import app.clearmargin.collections.OpenApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/reports/profitability} in the OpenAPI document: its three required parameters (the
 * controller reads them from the request, so springdoc sees none) and the report's shape.
 */
@Component
@org.springframework.core.annotation.Order(0) // before the collections' generator, which tidies the whole document
class ProfitabilityApiDocs implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI api) {
        OpenApiDocs.addSchema(api, "ProfitabilityFigures", figures(true));
        OpenApiDocs.addSchema(api, "ProfitabilityGroup", group());
        Map<String, Schema<?>> report = new LinkedHashMap<>();
        report.put("groupBy", enumOf("client", "project"));
        report.put("from", OpenApiDocs.date());
        report.put("to", OpenApiDocs.date());
        report.put("currency", OpenApiDocs.string("The organization's currency (ISO 4217); all amounts are in it"));
        report.put("groups", OpenApiDocs.array(OpenApiDocs.ref("ProfitabilityGroup")));
        report.put("totals", OpenApiDocs.ref("ProfitabilityFigures"));
        report.put(
                "unattributed",
                OpenApiDocs.object(Map.of(
                        "revenue", OpenApiDocs.number("Revenue on invoices of no project in the period"),
                        "expenses", OpenApiDocs.number("Overhead not spread (no hours in the period)"))));
        report.put(
                "excludedCurrencies",
                OpenApiDocs.array(OpenApiDocs.string("A currency whose documents the report leaves out")));
        OpenApiDocs.addSchema(api, "ProfitabilityReport", OpenApiDocs.object(report));
        api.addTagsItem(new Tag().name("reports").description("Reports over the ledger"));
        Operation op = new Operation()
                .summary("Get the profitability report")
                .description("Revenue, labor cost, direct and allocated expenses and margin per client or project "
                        + "for a period (docs/api.md, Reports). Scope: `transactions:read`.")
                .addTagsItem("reports")
                .operationId("getProfitabilityReport")
                .parameters(List.of(
                        query("groupBy", "Group by client or project", enumOf("client", "project"), "client"),
                        query(
                                "from",
                                "First day of the period (inclusive), YYYY-MM-DD",
                                OpenApiDocs.date(),
                                "2026-01-01"),
                        query(
                                "to",
                                "Last day of the period (inclusive), YYYY-MM-DD",
                                OpenApiDocs.date(),
                                "2026-03-31")))
                .responses(OpenApiDocs.errors(new ApiResponses()
                        .addApiResponse(
                                "200",
                                new ApiResponse()
                                        .description("The report.")
                                        .content(new Content()
                                                .addMediaType(
                                                        "application/json",
                                                        new MediaType()
                                                                .schema(OpenApiDocs.ref("ProfitabilityReport")))))));
        api.path(ProfitabilityController.PATH, new PathItem().get(op));
    }

    private static Schema<?> enumOf(String... values) {
        Schema<?> s = OpenApiDocs.string("");
        s.description(null);
        @SuppressWarnings("unchecked")
        Schema<Object> o = (Schema<Object>) s;
        o._enum(List.of((Object[]) values));
        return s;
    }

    private static Parameter query(String name, String description, Schema<?> schema, String example) {
        return new Parameter()
                .in("query")
                .name(name)
                .required(true)
                .description(description)
                .schema(schema)
                .example(example);
    }

    private static Schema<?> figures(boolean withMargin) {
        Map<String, Schema<?>> f = new LinkedHashMap<>();
        f.put("revenue", OpenApiDocs.number("Invoiced totals (not void) issued in the period"));
        f.put("laborCost", OpenApiDocs.number("Hours × stamped cost rate"));
        f.put("directExpenses", OpenApiDocs.number("Expenses of the group's projects"));
        f.put("allocatedExpenses", OpenApiDocs.number("Shared expenses and overhead spread onto the group"));
        if (withMargin) {
            f.put("margin", OpenApiDocs.number("Revenue less every cost; negative for a loss"));
            f.put(
                    "marginPercent",
                    OpenApiDocs.nullable(OpenApiDocs.number("Margin / revenue × 100; null without revenue")));
        }
        f.put("hours", OpenApiDocs.number("Hours logged in the period"));
        return OpenApiDocs.object(f);
    }

    /** A group: {@code client} or {@code project} (as grouped) beside the figures. */
    private static Schema<?> group() {
        Schema<?> subject = OpenApiDocs.object(Map.of(
                "id", OpenApiDocs.nullable(OpenApiDocs.string("The client's or project's id")),
                "name", OpenApiDocs.nullable(OpenApiDocs.string("Its name"))));
        Schema<?> row = figures(true);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Schema raw = row;
        raw.addProperty("client", subject);
        raw.addProperty("project", subject);
        return row.description("One client or project: `client` or `project` is present, as grouped");
    }
}
