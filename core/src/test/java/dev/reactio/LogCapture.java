package dev.reactio;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures what one logger writes while open; for asserting on warnings. */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final Recorder recorder = new Recorder();

    private LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        previousLevel = logger.getLevel();
        previousAdditive = logger.isAdditive();
        recorder.setContext(logger.getLoggerContext());
        recorder.start();
        logger.addAppender(recorder);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false); // keep expected warnings out of the build log
    }

    static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    List<ILoggingEvent> events() {
        synchronized (recorder) {
            return List.copyOf(recorder.events);
        }
    }

    List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    /** Waits (bounded) until a message matching {@code p} was logged, e.g. by the Cleaner thread. */
    boolean awaitMessage(Predicate<String> p, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (recorder) {
            while (recorder.events.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .noneMatch(p)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(recorder, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        logger.detachAppender(recorder);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
    }

    private static final class Recorder extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing(); // the MDC as it is now, not when a test reads it
            synchronized (this) {
                events.add(event);
                notifyAll();
            }
        }
    }
}
