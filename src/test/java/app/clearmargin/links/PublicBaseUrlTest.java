package app.clearmargin.links;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The base of every publicUrl: the configured one (trailing slashes dropped), else the bound port. */
class PublicBaseUrlTest {

    @Test
    void aConfiguredBaseIsUsedWithoutItsTrailingSlash() {
        PublicBaseUrl base = new PublicBaseUrl("https://billing.example.com/", new MockEnvironment());
        assertThat(base.linkTo("abc")).isEqualTo("https://billing.example.com/c/abc");
    }

    @Test
    void withoutOneTheLinkPointsAtTheLoopbackPortTheServerBound() {
        MockEnvironment env = new MockEnvironment().withProperty("server.port", "0");
        env.setProperty("local.server.port", "41234");
        assertThat(new PublicBaseUrl("", env).get()).isEqualTo("http://127.0.0.1:41234");
        assertThat(new PublicBaseUrl(null, new MockEnvironment().withProperty("server.port", "9090")).get())
                .isEqualTo("http://127.0.0.1:9090");
    }

    @Test
    void tokensAre43UrlSafeCharactersAndDiffer() {
        String a = DocumentLinks.newToken();
        String b = DocumentLinks.newToken();
        assertThat(a).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b);
    }
}
