package dev.bulkhead.resilience.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Slf4jLogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LevelCheckingLogFactoryTest {

    private static final String NAME = "dev.bulkhead.resilience.logging.sample";

    private final Logger logback = (Logger) LoggerFactory.getLogger(NAME);
    private final ListAppender<ILoggingEvent> lines = new CallerRecordingAppender();

    @BeforeEach
    void captureLines() {
        lines.start();
        logback.addAppender(lines);
        logback.setLevel(Level.INFO);
    }

    @AfterEach
    void stopCapturing() {
        logback.detachAppender(lines);
        logback.setLevel(null);
    }

    @Test
    void isTheFactoryCommonsLoggingFindsOnTheClassPath() {
        assertThat(LogFactory.getFactory()).isInstanceOf(LevelCheckingLogFactory.class);
        assertThat(LogFactory.getLog(NAME)).isInstanceOf(LevelCheckingLog.class);
    }

    @Test
    void neverBuildsTheMessageOfALineWhoseLevelIsOff() {
        var built = new AtomicInteger();
        Object message = new CountingMessage(built);
        Log log = new LevelCheckingLogFactory().getInstance(NAME);

        log.trace(message);
        log.debug(message);
        log.debug(message, new IllegalStateException());

        assertThat(built).hasValue(0);
        assertThat(lines.list).isEmpty();
        // What Commons Logging's own bridge does with the same line: builds it, and SLF4J drops it.
        new Slf4jLogFactory().getInstance(NAME).debug(message);
        assertThat(built).hasValue(1);
        assertThat(lines.list).isEmpty();
    }

    @Test
    void writesALineWhoseLevelIsOnWithItsCallersLocation() {
        var built = new AtomicInteger();
        Log log = new LevelCheckingLogFactory().getInstance(NAME);
        var failure = new IllegalStateException("broken");

        log.info(new CountingMessage(built));
        logback.setLevel(Level.DEBUG);
        log.debug("now on", failure);

        assertThat(built).hasValue(1);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("built", "now on");
        ILoggingEvent debug = lines.list.get(1);
        assertThat(debug.getLevel()).isEqualTo(Level.DEBUG);
        assertThat(debug.getThrowableProxy().getMessage()).isEqualTo("broken");
        assertThat(debug.getMarkerList()).extracting(Object::toString).containsExactly("COMMONS-LOGGING");
        assertThat(debug.getCallerData()[0].getClassName()).isEqualTo(getClass().getName());
    }

    @Test
    void hasOneLogPerName() {
        var factory = new LevelCheckingLogFactory();

        assertThat(factory.getInstance(NAME)).isSameAs(factory.getInstance(NAME));
        assertThat(factory.getInstance(LevelCheckingLogFactoryTest.class))
                .isSameAs(factory.getInstance(LevelCheckingLogFactoryTest.class.getName()));
    }

    /** Records each line's caller while the line is written: logback finds it on the stack of that moment. */
    private static final class CallerRecordingAppender extends ListAppender<ILoggingEvent> {

        @Override
        protected void append(ILoggingEvent line) {
            line.getCallerData();
            super.append(line);
        }
    }

    /** A message that counts how often it was turned into text. */
    private record CountingMessage(AtomicInteger built) {

        @Override
        public String toString() {
            built.incrementAndGet();
            return "built";
        }
    }
}
