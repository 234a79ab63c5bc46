package dev.bulkhead.resilience.logging;

import org.apache.commons.logging.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.LocationAwareLogger;

/**
 * One Commons Logging {@link Log} over an SLF4J logger: the level first, then {@code String.valueOf}.
 * Lines go out as Commons Logging's own bridge sends them (its marker, this class as the boundary of the
 * caller's location), so a pattern with {@code %logger}, {@code %line} or {@code %marker} reads the same.
 */
final class LevelCheckingLog implements Log {

    private static final String FQCN = LevelCheckingLog.class.getName();

    /** The marker Commons Logging's {@code Slf4jLogFactory} puts on every line. */
    private static final Marker MARKER = MarkerFactory.getMarker("COMMONS-LOGGING");

    private final Logger logger;
    private final LocationAwareLogger located;

    LevelCheckingLog(String name) {
        this.logger = LoggerFactory.getLogger(name);
        this.located = logger instanceof LocationAwareLogger aware ? aware : null;
    }

    @Override
    public boolean isTraceEnabled() {
        return logger.isTraceEnabled(MARKER);
    }

    @Override
    public boolean isDebugEnabled() {
        return logger.isDebugEnabled(MARKER);
    }

    @Override
    public boolean isInfoEnabled() {
        return logger.isInfoEnabled(MARKER);
    }

    @Override
    public boolean isWarnEnabled() {
        return logger.isWarnEnabled(MARKER);
    }

    @Override
    public boolean isErrorEnabled() {
        return logger.isErrorEnabled(MARKER);
    }

    @Override
    public boolean isFatalEnabled() {
        return isErrorEnabled();
    }

    @Override
    public void trace(Object message) {
        trace(message, null);
    }

    @Override
    public void trace(Object message, Throwable failure) {
        if (isTraceEnabled()) {
            log(LocationAwareLogger.TRACE_INT, message, failure);
        }
    }

    @Override
    public void debug(Object message) {
        debug(message, null);
    }

    @Override
    public void debug(Object message, Throwable failure) {
        if (isDebugEnabled()) {
            log(LocationAwareLogger.DEBUG_INT, message, failure);
        }
    }

    @Override
    public void info(Object message) {
        info(message, null);
    }

    @Override
    public void info(Object message, Throwable failure) {
        if (isInfoEnabled()) {
            log(LocationAwareLogger.INFO_INT, message, failure);
        }
    }

    @Override
    public void warn(Object message) {
        warn(message, null);
    }

    @Override
    public void warn(Object message, Throwable failure) {
        if (isWarnEnabled()) {
            log(LocationAwareLogger.WARN_INT, message, failure);
        }
    }

    @Override
    public void error(Object message) {
        error(message, null);
    }

    @Override
    public void error(Object message, Throwable failure) {
        if (isErrorEnabled()) {
            log(LocationAwareLogger.ERROR_INT, message, failure);
        }
    }

    @Override
    public void fatal(Object message) {
        error(message, null);
    }

    @Override
    public void fatal(Object message, Throwable failure) {
        error(message, failure);
    }

    private void log(int level, Object message, Throwable failure) {
        String text = String.valueOf(message);
        if (located != null) {
            located.log(MARKER, FQCN, level, text, null, failure);
            return;
        }
        switch (level) {
            case LocationAwareLogger.TRACE_INT -> logger.trace(MARKER, text, failure);
            case LocationAwareLogger.DEBUG_INT -> logger.debug(MARKER, text, failure);
            case LocationAwareLogger.INFO_INT -> logger.info(MARKER, text, failure);
            case LocationAwareLogger.WARN_INT -> logger.warn(MARKER, text, failure);
            default -> logger.error(MARKER, text, failure);
        }
    }
}
