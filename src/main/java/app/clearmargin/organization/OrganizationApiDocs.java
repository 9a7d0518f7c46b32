package app.clearmargin.organization;

import app.clearmargin.collections.OpenApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/** {@code /api/organization} in the OpenAPI document, from the same field list that validates PATCH. */
@Component
class OrganizationApiDocs implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI api) {
        Content read = new Content()
                .addMediaType(
                        "application/json",
                        new MediaType().schema(OpenApiDocs.objectOf(OrganizationController.FIELDS, false)));
        Content write = new Content()
                .addMediaType(
                        "application/json",
                        new MediaType().schema(OpenApiDocs.objectOf(OrganizationController.FIELDS, true)));
        api.path(
                "/api/organization",
                new PathItem()
                        .get(new Operation()
                                .summary("The key's organization and its settings")
                                .addTagsItem("organization")
                                .description("Scope: `organization:read`.")
                                .operationId("get_organization")
                                .responses(new ApiResponses()
                                        .addApiResponse(
                                                "200",
                                                new ApiResponse()
                                                        .description("Settings")
                                                        .content(read))))
                        .patch(new Operation()
                                .summary("Change settings")
                                .addTagsItem("organization")
                                .description("Scope: `organization:write`.")
                                .operationId("patch_organization")
                                .requestBody(new RequestBody().required(true).content(write))
                                .responses(new ApiResponses()
                                        .addApiResponse(
                                                "200", new ApiResponse().description("Updated successfully.")))));
    }
}
