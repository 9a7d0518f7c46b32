package app.clearmargin.web;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.Constants;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's HTTP/1.1 NIO protocol with a deadline for the request head. Tomcat 11 has no such limit:
 * {@code connectionTimeout} restarts with every byte read, so a client that drips one header byte
 * every few seconds (slowloris) keeps its connection for as long as it likes. Twice a second this
 * closes every connection whose current request started (first byte read) longer ago than the
 * deadline and has not yet sent all its headers. Closing goes the way of Tomcat's own read timeout:
 * an ERROR event for the connection, handled under the connection's lock on a worker thread, so it
 * never races a request being served.
 * <p>
 * Public with a no-argument constructor because Tomcat creates its protocol from the class name.
 */
public class HeaderDeadlineProtocol extends Http11NioProtocol {

    private static final Logger log = LoggerFactory.getLogger(HeaderDeadlineProtocol.class);
    private static final long SWEEP_INTERVAL_MILLIS = 500;

    private volatile long headerDeadlineNanos = TimeUnit.SECONDS.toNanos(20);
    private @Nullable ScheduledFuture<?> sweep;

    public HeaderDeadlineProtocol() {}

    void setHeaderDeadline(Duration deadline) {
        this.headerDeadlineNanos = deadline.toNanos();
    }

    @Override
    public void start() throws Exception {
        super.start();
        sweep = getUtilityExecutor()
                .scheduleWithFixedDelay(
                        this::closeOverdueHeads, SWEEP_INTERVAL_MILLIS, SWEEP_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws Exception {
        if (sweep != null) {
            sweep.cancel(false);
        }
        super.stop();
    }

    private void closeOverdueHeads() {
        try {
            long now = System.nanoTime();
            for (SocketWrapperBase<NioChannel> connection : getEndpoint().getConnections()) {
                if (connection.getCurrentProcessor() instanceof Http11Processor processor) {
                    long started = headStartedNanos(processor);
                    if (started != -1 && now - started > headerDeadlineNanos) {
                        log.debug(
                                "closing {}: request headers incomplete after {} ms",
                                connection.getRemoteAddr(),
                                TimeUnit.NANOSECONDS.toMillis(now - started));
                        if (!getEndpoint().processSocket(connection, SocketEvent.ERROR, true)) {
                            connection.close();
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // an exception would cancel the schedule; the next sweep tries again
            log.warn("header deadline sweep failed", e);
        }
    }

    /**
     * When the request the processor is reading began, or -1 when it is not reading a request head:
     * the first byte is in (start time set) and the processor is parsing, or parked waiting for the
     * rest of the head (its stage is ENDED between reads); every later stage means the head is done.
     */
    private static long headStartedNanos(Http11Processor processor) {
        if (processor.isAsync()) {
            return -1;
        }
        long started = processor.getRequest().getStartTimeNanos();
        int stage = processor.getRequest().getRequestProcessor().getStage();
        return stage == Constants.STAGE_PARSE || stage == Constants.STAGE_ENDED ? started : -1;
    }
}
