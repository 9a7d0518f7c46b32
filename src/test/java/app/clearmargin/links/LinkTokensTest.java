package app.clearmargin.links;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tokens behind the links. */
class LinkTokensTest {

    @Test
    void tokensAre43UrlSafeCharactersAndDiffer() {
        String a = DocumentLinks.newToken();
        String b = DocumentLinks.newToken();
        assertThat(a).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b);
        assertThat(DocumentLinks.sha256(a)).hasSize(32);
    }
}
