package app.clearmargin.scheduling;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Recurring work on db-scheduler, which runs each task on one node at a time across the cluster:
 * the time sweeps every minute, and the daily retention purge.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    @Bean
    RecurringTask<Void> timeSweepsTask(TimeSweeps sweeps) {
        return Tasks.recurring("time-sweeps", FixedDelay.of(Duration.ofMinutes(1)))
                .execute((instance, context) -> sweeps.runAll());
    }

    @Bean
    RecurringTask<Void> retentionTask(Retention retention) {
        return Tasks.recurring("retention", FixedDelay.of(Duration.ofHours(6)))
                .execute((instance, context) -> retention.purge());
    }
}
