package app.clearmargin.organization;

import app.clearmargin.collections.OpenApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
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
                        new MediaType()
                                .schema(OpenApiDocs.objectOf(OrganizationController.FIELDS, false)
                                        .addProperty("stripe", stripeView())));
        Content write = new Content()
                .addMediaType(
                        "application/json",
                        new MediaType()
                                .schema(OpenApiDocs.objectOf(OrganizationController.FIELDS, true)
                                        .addProperty("stripe", stripeInput())));
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

    /** API.md §9: what responses show of the Stripe connection (never a secret). */
    private static Schema<?> stripeView() {
        return new ObjectSchema()
                .description("The Stripe connection. Its secrets are write-only: only the mode and the secret "
                        + "key's last four characters are shown.")
                .addProperty("connected", new BooleanSchema())
                .addProperty(
                        "mode",
                        new StringSchema()
                                ._enum(List.of("test", "live"))
                                .description("From the secret key's prefix; only when connected."))
                .addProperty(
                        "keyLast4",
                        new StringSchema()
                                .description("The last four characters of the secret key; only when connected."))
                .required(List.of("connected"));
    }

    /** The write-only secrets; null disconnects. */
    private static Schema<?> stripeInput() {
        return new ObjectSchema()
                .nullable(true)
                .description("Connects Stripe (both secrets required the first time), replaces either secret "
                        + "alone once connected, or with null disconnects. Stored encrypted (AES-256-GCM under "
                        + "the server's CLEARMARGIN_SECRETS_KEY); without that key (external database) connecting "
                        + "is refused with 409 Conflict.")
                .addProperty(
                        "secretKey",
                        new StringSchema()
                                .pattern("^(sk|rk)_(test|live)_[0-9A-Za-z]{8,240}$")
                                .writeOnly(true)
                                .description("A Stripe secret or restricted key: sk_test_…, sk_live_…, rk_test_… "
                                        + "or rk_live_…."))
                .addProperty(
                        "webhookSecret",
                        new StringSchema()
                                .pattern("^whsec_[0-9A-Za-z+/=]{8,240}$")
                                .writeOnly(true)
                                .description("The signing secret of the Stripe webhook endpoint: whsec_…."));
    }
}
