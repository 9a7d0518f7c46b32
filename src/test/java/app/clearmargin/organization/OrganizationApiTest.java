package app.clearmargin.organization;

import static app.clearmargin.support.Fixtures.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET/PATCH /api/organization}: the settings and the identity printed on documents (API.md §3, §8). */
class OrganizationApiTest extends ApiTest {

    @Test
    void aNewOrganizationPrintsInEnglishWithTheDefaultColourAndTheLoopbackLink() {
        Api fresh = newOrganization("Identity defaults").api();
        JsonNode org = fresh.get("/api/organization").json();
        assertThat(org.path("locale").asString()).isEqualTo("en-US");
        assertThat(org.path("brandColor").asString()).isEqualTo("#1f2937");
        assertThat(org.path("publicBaseUrl").asString()).isEqualTo("http://127.0.0.1:" + port);
        for (String field : List.of("legalName", "email", "phone", "website", "taxId", "paymentInstructions")) {
            assertThat(org.path(field).isNull()).as(field).isTrue();
        }
        assertThat(org.path("address").propertyNames())
                .containsExactly("line1", "line2", "city", "region", "postalCode", "country");
        assertThat(org.path("address").path("city").isNull()).isTrue();
    }

    @Test
    void theIdentityIsSetReadBackAndNormalized() {
        Api own = newOrganization("Identity set").api();
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("line1", "Torstraße 140");
        address.put("city", "Berlin");
        address.put("postalCode", "10119");
        address.put("country", "DE");
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("legalName", "Northwind Studio GmbH");
        identity.put("address", address);
        identity.put("email", "billing@northwind.example");
        identity.put("phone", "+49 30 5557 0140");
        identity.put("website", "https://northwind.example");
        identity.put("taxId", "DE298765432");
        identity.put("locale", "de-de");
        identity.put("paymentInstructions", "IBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX");
        identity.put("brandColor", "#0F766E");
        Api.Response patched = own.patch("/api/organization", identity);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode doc = own.get("/api/organization").json();
        assertThat(doc).isEqualTo(patched.doc());
        assertThat(doc.path("legalName").asString()).isEqualTo("Northwind Studio GmbH");
        assertThat(doc.path("address").path("line1").asString()).isEqualTo("Torstraße 140");
        assertThat(doc.path("address").path("country").asString()).isEqualTo("DE");
        assertThat(doc.path("address").path("line2").isNull()).isTrue();
        assertThat(doc.path("locale").asString()).as("canonical case").isEqualTo("de-DE");
        assertThat(doc.path("brandColor").asString()).isEqualTo("#0f766e");
        assertThat(doc.path("paymentInstructions").asString())
                .isEqualTo("IBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX");

        // a partial address changes only the parts it names; null clears a text and the whole address
        own.patch("/api/organization", Map.of("address", Map.of("city", "Hamburg")));
        JsonNode moved = own.get("/api/organization").json();
        assertThat(moved.path("address").path("city").asString()).isEqualTo("Hamburg");
        assertThat(moved.path("address").path("line1").asString()).isEqualTo("Torstraße 140");
        Map<String, Object> clear = new HashMap<>();
        clear.put("legalName", null);
        clear.put("address", null);
        assertThat(own.patch("/api/organization", clear).status()).isEqualTo(200);
        JsonNode cleared = own.get("/api/organization").json();
        assertThat(cleared.path("legalName").isNull()).isTrue();
        assertThat(cleared.path("address").path("line1").isNull()).isTrue();
        assertThat(cleared.path("taxId").asString()).isEqualTo("DE298765432");
    }

    @Test
    void malformedOrUnknownLocalesAreRefusedNamingTheField() {
        for (String bad : List.of("not a locale", "en_US", "zz-ZZ", "qq", "de-XX", "")) {
            assertInvalid(api.patch("/api/organization", Map.of("locale", bad)), "locale");
        }
        for (String good : List.of("en-US", "de-DE", "ja-JP", "fr", "es-419", "sr-Latn-RS")) {
            Api.Response r = api.patch("/api/organization", Map.of("locale", good));
            assertThat(r.status()).as(good + ": " + r).isEqualTo(200);
            assertThat(r.doc().path("locale").asString()).isEqualTo(good);
        }
        Map<String, Object> nullLocale = new HashMap<>();
        nullLocale.put("locale", null);
        assertInvalid(api.patch("/api/organization", nullLocale), "locale");
    }

    @Test
    void everyInvalidIdentityFieldIsReportedAtOnce() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("brandColor", "teal");
        body.put("email", "not-an-address");
        body.put("address", Map.of("country", "Germany"));
        body.put("legalName", "x".repeat(201));
        Api.Response r = api.patch("/api/organization", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorName()).isEqualTo("ValidationError");
        assertThat(r.errorPaths()).containsExactlyInAnyOrder("brandColor", "email", "address.country", "legalName");
    }

    @Test
    void publicBaseUrlIsReadOnly() {
        Api.Response r = api.patch("/api/organization", Map.of("publicBaseUrl", "https://evil.example"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(api.get("/api/organization").json().path("publicBaseUrl").asString())
                .isEqualTo("http://127.0.0.1:" + port);
    }

    @Test
    void readingNeedsOrganizationReadAndChangingNeedsOrganizationWrite() {
        Api reader = keyWith(List.of("organization:read"), 100);
        assertThat(reader.get("/api/organization").status()).isEqualTo(200);
        assertThat(reader.patch("/api/organization", Map.of("locale", "de-DE")).status())
                .isEqualTo(403);
        Api other = keyWith(List.of("invoices:read"), 100);
        assertThat(other.get("/api/organization").status()).isEqualTo(403);
    }
}
