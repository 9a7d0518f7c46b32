package app.clearmargin.organization;

import app.clearmargin.collections.Field;
import app.clearmargin.collections.OpenApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/** {@code /api/organization} in the OpenAPI document, from the same field list that validates PATCH. */
@Component
@org.springframework.core.annotation.Order(0) // before the collections' generator, which tidies the whole document
class OrganizationApiDocs implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI api) {
        // a setting that may not be cleared always has a value
        List<Field> rendered = OrganizationController.FIELDS.stream()
                .map(f -> OrganizationController.CLEARABLE.contains(f.name()) ? f : f.asRequired())
                .toList();
        Schema<?> organization = OpenApiDocs.withExtras(
                OpenApiDocs.objectOf(rendered, false),
                Map.of(
                        "id", OpenApiDocs.string("The organization's id (org_…)"),
                        "publicBaseUrl", OpenApiDocs.string("Where client pages are served (configuration)"),
                        "maxRateLimitPerMinute", OpenApiDocs.integer("The highest rateLimitPerMinute a key may have"),
                        "createdAt", OpenApiDocs.instant(),
                        "updatedAt", OpenApiDocs.instant()));
        OpenApiDocs.addSchema(api, "Organization", organization.description("The key's organization and its settings"));
        OpenApiDocs.addSchema(api, "OrganizationUpdate", OpenApiDocs.objectOf(OrganizationController.FIELDS, true));
        OpenApiDocs.addSchema(api, "OrganizationAnswer", OpenApiDocs.answer("Organization"));
        api.addTagsItem(new Tag().name("organization").description("The key's organization and its settings"));
        api.path(
                "/api/organization",
                new PathItem()
                        .get(new Operation()
                                .summary("Get the organization")
                                .addTagsItem("organization")
                                .description("Scope: `organization:read`.")
                                .operationId("getOrganization")
                                .responses(responses("The organization and its settings.", "Organization")))
                        .patch(new Operation()
                                .summary("Update the organization's settings")
                                .addTagsItem("organization")
                                .description("Partial; `null` clears an optional setting. Scope: `organization:write`.")
                                .operationId("updateOrganization")
                                .requestBody(new RequestBody().required(true).content(json("OrganizationUpdate")))
                                .responses(responses("Updated successfully.", "OrganizationAnswer"))));
    }

    private static ApiResponses responses(String description, String schema) {
        return OpenApiDocs.errors(new ApiResponses()
                .addApiResponse(
                        "200", new ApiResponse().description(description).content(json(schema))));
    }

    private static Content json(String schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(OpenApiDocs.ref(schema)));
    }
}
