package app.clearmargin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends ApiTest {

    @Test
    void requestWithoutKeyIsUnauthorized() {
        Api.Response r = api.withKey(null).get("/api/clients");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorMessage()).isEqualTo("Missing or invalid API key.");
        assertThat(r.header("X-RateLimit-Limit")).isNull();
        assertThat(r.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void readOnlyKeyCannotWrite() {
        Api readOnly = keyWith(List.of("read_only"), 1000);
        assertThat(readOnly.get("/api/clients").status()).isEqualTo(200);
        Api.Response r = readOnly.post("/api/clients", Map.of("name", "Nope"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("clients:write");
    }
}
