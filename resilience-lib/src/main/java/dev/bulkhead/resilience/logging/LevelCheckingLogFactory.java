package dev.bulkhead.resilience.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Slf4jLogFactory;

/**
 * The Commons Logging factory of every Bulkhead service: Commons Logging's own SLF4J bridge, except that
 * a line is turned into a String only when its level is on.
 *
 * <p>Spring Framework 7 logs through Commons Logging (spring-jcl is gone), and much of Spring, Spring
 * Security above all, writes {@code logger.debug(LogMessage.format("Trying to match using %s", matcher))}
 * without asking {@code isDebugEnabled()} first: {@code LogMessage} formats lazily, in {@code toString()}.
 * spring-jcl checked the level before calling it; Commons Logging's {@code Slf4jLogFactory} (1.3.6, 1.4.0)
 * calls {@code String.valueOf(message)} first and lets SLF4J drop the result. At the gateway that formatted
 * every security matcher's description on every request: 14 % of all it allocated and 2 % of its CPU,
 * for lines nobody reads ({@code docs/performance.md}).
 *
 * <p>Commons Logging finds this factory through {@code META-INF/services/org.apache.commons.logging.LogFactory}
 * before its built-in choice, so no configuration is needed. Everything but the level check (attributes,
 * {@link #release()}) is Commons Logging's own factory's.
 */
public final class LevelCheckingLogFactory extends LogFactory {

    private final LogFactory slf4j = new Slf4jLogFactory();
    private final ConcurrentMap<String, Log> logs = new ConcurrentHashMap<>();

    /** Created by Commons Logging's discovery ({@link java.util.ServiceLoader}). */
    public LevelCheckingLogFactory() {}

    @Override
    public Log getInstance(Class<?> clazz) {
        return getInstance(clazz.getName());
    }

    @Override
    public Log getInstance(String name) {
        return logs.computeIfAbsent(name, LevelCheckingLog::new);
    }

    @Override
    public Object getAttribute(String name) {
        return slf4j.getAttribute(name);
    }

    @Override
    public String[] getAttributeNames() {
        return slf4j.getAttributeNames();
    }

    @Override
    public void setAttribute(String name, Object value) {
        slf4j.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        slf4j.removeAttribute(name);
    }

    @Override
    public void release() {
        logs.clear();
        slf4j.release();
    }
}
