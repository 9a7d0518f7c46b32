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
                        "updatedAt", OpenApiDocs.instant(),
                        "stripe", stripeView()));
        OpenApiDocs.addSchema(api, "Organization", organization.description("The key's organization and its settings"));
        Schema<?> update = OpenApiDocs.objectOf(OrganizationController.FIELDS, true);
        addProperty(update, "stripe", stripeInput());
        OpenApiDocs.addSchema(api, "OrganizationUpdate", update);
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addProperty(Schema<?> object, String name, Schema<?> property) {
        ((Schema) object).addProperty(name, property);
    }

    /** API.md §9: what responses show of the Stripe connection (never a secret). */
    private static Schema<?> stripeView() {
        Schema<?> mode = OpenApiDocs.string("From the secret key's prefix; only when connected.");
        mode.setEnum(castList(List.of("test", "live")));
        Schema<?> view = OpenApiDocs.object(Map.of("connected", OpenApiDocs.bool()));
        addProperty(view, "mode", mode);
        addProperty(
                view,
                "keyLast4",
                OpenApiDocs.string("The last four characters of the secret key; only when connected."));
        return view.description("The Stripe connection. Its secrets are write-only: only the mode and the secret "
                + "key's last four characters are shown.");
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> castList(List<?> values) {
        return (List<T>) values;
    }

    /** The write-only secrets; null disconnects. */
    private static Schema<?> stripeInput() {
        Schema<?> secretKey = OpenApiDocs.string(
                        "A Stripe secret or restricted key: sk_test_…, sk_live_…, rk_test_… or rk_live_….")
                .pattern("^(sk|rk)_(test|live)_[0-9A-Za-z]{8,240}$")
                .writeOnly(true);
        Schema<?> webhookSecret = OpenApiDocs.string("The signing secret of the Stripe webhook endpoint: whsec_….")
                .pattern("^whsec_[0-9A-Za-z+/=]{8,240}$")
                .writeOnly(true);
        Schema<?> input = OpenApiDocs.ofType("object");
        addProperty(input, "secretKey", secretKey);
        addProperty(input, "webhookSecret", webhookSecret);
        return OpenApiDocs.nullable(input)
                .description("Connects Stripe (both secrets required the first time), replaces either secret "
                        + "alone once connected, or with null disconnects. Stored encrypted (AES-256-GCM under "
                        + "the server's CLEARMARGIN_SECRETS_KEY); without that key (external database) connecting "
                        + "is refused with 409 Conflict.");
    }
}
