package app.clearmargin.printing;

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
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The PDFs in the OpenAPI document: one operation per printable collection ({@code getInvoicePdf}) in
 * place of the controller's single pattern route, which springdoc would publish as {@code /api/{slug}/…}.
 */
@Component
@org.springframework.core.annotation.Order(0) // before the collections' generator, which tidies the whole document
class PrintingApiDocs implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() != null) {
            api.getPaths().remove("/api/{slug}/{id}/pdf");
        }
        for (DocumentKind kind : DocumentKind.values()) {
            String singular = kind.slug().substring(0, kind.slug().length() - 1);
            String article = "AEIOU".indexOf(Character.toUpperCase(singular.charAt(0))) >= 0 ? "an " : "a ";
            Schema<?> pdf = OpenApiDocs.string("The PDF").format("binary");
            Operation op = new Operation()
                    .summary("Get the PDF of " + article + singular)
                    .description("Inline, with a strong ETag; `If-None-Match` with it answers 304 without rendering. "
                            + "Scope: `" + kind.slug() + ":read`.")
                    .addTagsItem(kind.slug())
                    .operationId("get" + Character.toUpperCase(singular.charAt(0)) + singular.substring(1) + "Pdf")
                    .addParametersItem(new Parameter()
                            .in("header")
                            .name("If-None-Match")
                            .description("The ETag of a PDF already held")
                            .schema(OpenApiDocs.string("An entity tag")))
                    .responses(OpenApiDocs.errors(new ApiResponses()
                                    .addApiResponse(
                                            "200",
                                            new ApiResponse()
                                                    .description("The PDF.")
                                                    .content(new Content()
                                                            .addMediaType(
                                                                    "application/pdf", new MediaType().schema(pdf))))
                                    .addApiResponse(
                                            "304", new ApiResponse().description("Not modified (the ETag matched).")))
                            .addApiResponse(
                                    "404",
                                    new ApiResponse()
                                            .description("Not Found")
                                            .content(new Content()
                                                    .addMediaType(
                                                            "application/json",
                                                            new MediaType()
                                                                    .schema(OpenApiDocs.ref("ErrorResponse"))))));
            api.path(
                    "/api/" + kind.slug() + "/{id}/pdf",
                    new PathItem()
                            .get(op)
                            .addParametersItem(new Parameter()
                                    .in("path")
                                    .name("id")
                                    .required(true)
                                    .description("The " + singular + "'s id")
                                    .schema(OpenApiDocs.string("An id"))));
        }
    }
}
