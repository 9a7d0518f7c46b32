package app.clearmargin.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.ApiError;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** A 503 says what happened: a query past the statement timeout is not an unreachable database. */
class DatabaseErrorMessagesTest {

    @Test
    void aStatementCancelledByItsTimeoutSaysSoAndHowToAvoidIt() {
        Throwable failure = new QueryTimeoutException(
                "jOOQ", new SQLException("ERROR: canceling statement due to statement timeout", "57014"));
        assertThat(ErrorResponder.databaseUnreachable(failure)).isTrue();
        ApiError.Unavailable.Why why = ErrorResponder.why(failure);
        assertThat(why).isEqualTo(ApiError.Unavailable.Why.STATEMENT_TIMEOUT);
        assertThat(new ApiError.Unavailable(5, why).message()).contains("took longer", "count=estimate");
    }

    @Test
    void aLockWaitPastItsTimeoutNamesTheOtherRequest() {
        Throwable failure = new SQLException("ERROR: canceling statement due to lock timeout", "55P03");
        assertThat(ErrorResponder.why(failure)).isEqualTo(ApiError.Unavailable.Why.LOCKED);
    }

    @Test
    void aRefusedConnectionIsTheDatabaseBeingUnreachable() {
        Throwable failure = new CannotGetJdbcConnectionException(
                "pool", new SQLException("Connection refused", "08001", new ConnectException("refused")));
        assertThat(ErrorResponder.why(failure)).isEqualTo(ApiError.Unavailable.Why.UNREACHABLE);
        assertThat(new ApiError.Unavailable(5, ErrorResponder.why(failure)).message())
                .isEqualTo("The database is unreachable; retry shortly.");
    }
}
