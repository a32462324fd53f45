package dev.reactio.streams;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Records what is logged while it is open: WARN and above from every logger, and everything
 * {@link Streams} logs (its level is raised to DEBUG, away from the console). Restores the
 * levels when closed. The test run is not parallel, so one capture sees one test's logging.
 */
final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger streams = (Logger) LoggerFactory.getLogger(Streams.class);
    private final Level rootLevel = root.getLevel();
    private final Level streamsLevel = streams.getLevel();
    private final boolean streamsAdditive = streams.isAdditive();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    LogCapture() {
        events.start();
        root.addAppender(events);
        root.setLevel(Level.WARN);
        streams.addAppender(events);
        streams.setAdditive(false);
        streams.setLevel(Level.DEBUG);
    }

    /** Events at WARN or above, from any logger, as one line each. */
    List<String> warningsAndErrors() {
        return snapshot().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(LogCapture::line)
                .collect(Collectors.toList());
    }

    /** What {@link Streams} logged. */
    List<ILoggingEvent> fromStreams() {
        return snapshot().stream()
                .filter(e -> e.getLoggerName().equals(Streams.class.getName()))
                .collect(Collectors.toList());
    }

    private List<ILoggingEvent> snapshot() {
        synchronized (events) { // AppenderBase.doAppend appends under the appender's monitor
            return List.copyOf(events.list);
        }
    }

    private static String line(ILoggingEvent e) {
        return e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
                + (e.getThrowableProxy() == null
                        ? ""
                        : " [" + e.getThrowableProxy().getClassName() + ": "
                                + e.getThrowableProxy().getMessage() + "]");
    }

    @Override
    public void close() {
        root.detachAppender(events);
        root.setLevel(rootLevel);
        streams.detachAppender(events);
        streams.setAdditive(streamsAdditive);
        streams.setLevel(streamsLevel);
        events.stop();
    }
}
