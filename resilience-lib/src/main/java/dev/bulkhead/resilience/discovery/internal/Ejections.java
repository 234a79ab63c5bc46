package dev.bulkhead.resilience.discovery.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;

/**
 * Instances left out of the rotation because a connection to them failed (passive ejection): the
 * next call after the failure already goes elsewhere, with no health endpoint polled. After the
 * ejection time the instance is tried again; if it is back it stays, if not the first call to it
 * fails and ejects it again. When every instance of a service is ejected, all are offered: a call
 * that may fail beats one refused for sure, and a service listed once behaves as if none of this
 * existed.
 */
public final class Ejections {

    private static final Logger log = LoggerFactory.getLogger(Ejections.class);

    private final Duration ejectionTime;
    private final Clock clock;
    private final Map<String, Instant> ejectedUntil = new ConcurrentHashMap<>();

    public Ejections(Duration ejectionTime, Clock clock) {
        this.ejectionTime = ejectionTime;
        this.clock = clock;
    }

    /** @return those of {@code instances} not ejected now, or all of them if every one is */
    public List<ServiceInstance> available(List<ServiceInstance> instances) {
        if (ejectedUntil.isEmpty() || instances.size() < 2) {
            return instances;
        }
        Instant now = clock.instant();
        List<ServiceInstance> available =
                instances.stream().filter(instance -> !isEjected(instance, now)).toList();
        return available.isEmpty() ? instances : available;
    }

    /** Takes the instance out of the rotation if {@code failure} says a connection to it failed. */
    public void failed(ServiceInstance instance, Throwable failure) {
        if (instance == null || !isConnectionFailure(failure)) {
            return;
        }
        Instant until = clock.instant().plus(ejectionTime);
        if (ejectedUntil.put(key(instance), until) == null) {
            log.warn(
                    "{} instance {}:{} failed a connection ({}); no calls to it for {} ms",
                    instance.getServiceId(),
                    instance.getHost(),
                    instance.getPort(),
                    failure,
                    ejectionTime.toMillis());
        }
    }

    /** A call to the instance was answered: it is in the rotation. */
    public void answered(ServiceInstance instance) {
        if (instance != null && !ejectedUntil.isEmpty() && ejectedUntil.remove(key(instance)) != null) {
            log.info(
                    "{} instance {}:{} answers again", instance.getServiceId(), instance.getHost(), instance.getPort());
        }
    }

    private boolean isEjected(ServiceInstance instance, Instant now) {
        Instant until = ejectedUntil.get(key(instance));
        return until != null && now.isBefore(until);
    }

    /**
     * A refused, unreachable or dropped connection, anywhere in the cause chain. A timeout is not: a
     * slow instance is the breaker's business, and ejecting it would move its load onto the others.
     */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedIOException) {
                return false;
            }
            if (cause instanceof IOException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String key(ServiceInstance instance) {
        return instance.getServiceId() + ' ' + instance.getHost() + ':' + instance.getPort();
    }
}
