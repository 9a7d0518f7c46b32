package app.clearmargin.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The retry schedule of API.md §5: 1 m, 5 m, 30 m, 2 h, 5 h, 10 h, then every 12 h, ±10 %, for three days. */
class RetryPolicyTest {

    static final Instant FIRST = Instant.parse("2026-03-02T09:00:00Z");

    @RepeatedTest(20)
    void eachWaitIsItsStepWithinTenPercentJitter() {
        List<Duration> steps = List.of(
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(30),
                Duration.ofHours(2),
                Duration.ofHours(5),
                Duration.ofHours(10),
                Duration.ofHours(12),
                Duration.ofHours(12));
        Instant now = FIRST;
        for (int attempts = 1; attempts <= steps.size(); attempts++) {
            Instant next = RetryPolicy.next(attempts, FIRST, now).orElseThrow();
            Duration step = steps.get(attempts - 1);
            assertThat(Duration.between(now, next))
                    .as("wait after attempt %d", attempts)
                    .isBetween(
                            step.multipliedBy(9).dividedBy(10),
                            step.multipliedBy(11).dividedBy(10));
            now = next;
        }
    }

    @Test
    void jitterSpreadsRetriesInsteadOfRepeatingOneDelay() {
        List<Instant> nexts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            nexts.add(RetryPolicy.next(4, FIRST, FIRST).orElseThrow());
        }
        assertThat(nexts.stream().distinct().count()).isGreaterThan(40);
    }

    @Test
    void noAttemptIsScheduledPastThreeDaysAfterTheFirst() {
        Instant lateInTheWindow = FIRST.plus(Duration.ofDays(3)).minus(Duration.ofHours(1));
        assertThat(RetryPolicy.next(11, FIRST, lateInTheWindow)).contains(FIRST.plus(Duration.ofDays(3)));
    }

    @Test
    void anAttemptAtTheEndOfTheThreeDaysIsTheLast() {
        assertThat(RetryPolicy.next(12, FIRST, FIRST.plus(Duration.ofDays(3)))).isEqualTo(Optional.empty());
        assertThat(RetryPolicy.next(3, FIRST, FIRST.plus(Duration.ofDays(4)))).isEmpty();
    }
}
