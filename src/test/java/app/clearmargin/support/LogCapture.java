package app.clearmargin.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything the server logs while it is open: the root logger's events, and our code, jOOQ's statements
 * and Spring's web and JDBC layers at DEBUG (kept in memory, not printed). For tests that grep the log
 * for what must never be in it.
 */
public final class LogCapture implements AutoCloseable {

    private static final List<String> VERBOSE =
            List.of("app.clearmargin", "org.jooq", "org.springframework.web", "org.springframework.jdbc");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Map<Logger, Level> levels = new HashMap<>();

    private LogCapture() {
        appender.start();
        root.addAppender(appender);
        for (String name : VERBOSE) {
            Logger l = (Logger) LoggerFactory.getLogger(name);
            levels.put(l, l.getLevel());
            l.setLevel(Level.DEBUG);
            l.setAdditive(false);
            l.addAppender(appender);
        }
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Each event as a line (logger, message, MDC) and each of its throwables' messages. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            out.add(e.getLoggerName() + " " + e.getFormattedMessage() + " " + e.getMDCPropertyMap());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                out.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        return out;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        levels.forEach((l, level) -> {
            l.detachAppender(appender);
            l.setAdditive(true);
            l.setLevel(level);
        });
        appender.stop();
    }
}
