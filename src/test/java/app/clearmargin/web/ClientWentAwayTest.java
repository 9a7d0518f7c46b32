package app.clearmargin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

class ClientWentAwayTest {

    private final ErrorResponder errors =
            new ErrorResponder(JsonMapper.builder().build());

    @Test
    void databaseDriverLosingItsConnectionIsNotAClientThatWentAway() {
        SQLException lost =
                new SQLException("An I/O error occurred while sending to the backend.", "08006", new EOFException());
        RuntimeException wrapped = new RuntimeException("count failed", lost);

        assertThat(errors.clientWentAway(wrapped, new MockHttpServletRequest())).isFalse();
        assertThat(ErrorResponder.databaseUnreachable(wrapped)).isTrue();
    }

    @Test
    void brokenPipeWhileAnsweringIsAClientThatWentAway() {
        IOException brokenPipe = new IOException("Broken pipe");

        assertThat(errors.clientWentAway(new RuntimeException(brokenPipe), new MockHttpServletRequest()))
                .isTrue();
    }
}
