package dev.bulkhead.resilience.security;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.bulkhead.resilience.discovery.ServiceCalls;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The denylist as an in-memory set, kept current by reading auth-service's
 * {@code GET /internal/v1/revocations?since=<instant>} incrementally (from the instance the load
 * balancer picks, the next one if its connection fails; or from a fixed {@code uri}): each read asks only for what was revoked since
 * the previous answer's {@code asOf}. An entry is kept until its token's {@code exp} (plus the clock
 * skew) has passed, after which the token is refused for being expired anyway.
 *
 * <p><b>Bound:</b> reads are spaced by a fixed delay, so a revocation committed by auth-service is
 * refused everywhere within {@code poll-interval} + the duration of one read (bounded by the HTTP
 * read timeout). While auth-service cannot be read, the last known list stays in force and the
 * failure is logged once per outage; {@link #lastSuccessfulRead()} tells how stale it is.
 */
public final class PollingRevocationList implements RevocationList, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollingRevocationList.class);

    /** A fixed endpoint, or null to read from auth-service's instances through {@link #calls}. */
    private final URI uri;

    private final ServiceCalls calls;
    private final String source;
    private final Duration interval;
    private final Duration lookBack;
    private final Duration skew;
    private final Clock clock;
    private final HttpClient http;
    private final Duration readTimeout;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    private volatile ScheduledExecutorService scheduler;
    private volatile Instant since;
    private volatile Instant lastSuccessfulRead;
    private volatile boolean failing;

    /**
     * @param settings the denylist settings
     * @param jwt token settings: tokens revoked longer ago than their longest lifetime plus the skew
     *     need not be read at all
     * @param clock the time entries expire by
     * @param connectTimeout for each read
     * @param readTimeout for each read
     */
    public PollingRevocationList(
            BulkheadSecurityProperties.Revocations settings,
            BulkheadSecurityProperties.Jwt jwt,
            Clock clock,
            Duration connectTimeout,
            Duration readTimeout) {
        this(settings, jwt, clock, connectTimeout, readTimeout, null);
    }

    /**
     * @param settings the denylist settings; without a {@code uri}, auth-service's instances are read
     *     through {@code calls}
     * @param jwt token settings: tokens revoked longer ago than their longest lifetime plus the skew
     *     need not be read at all
     * @param clock the time entries expire by
     * @param connectTimeout for each read
     * @param readTimeout for each read
     * @param calls the load-balanced calls to auth-service; needed when {@code settings.uri()} is unset
     */
    public PollingRevocationList(
            BulkheadSecurityProperties.Revocations settings,
            BulkheadSecurityProperties.Jwt jwt,
            Clock clock,
            Duration connectTimeout,
            Duration readTimeout,
            ServiceCalls calls) {
        if (settings.uri() == null && calls == null) {
            throw new IllegalStateException("bulkhead.security.revocations.uri is unset and there is no load balancer"
                    + " to find auth-service (bulkhead.services.auth) with");
        }
        this.uri = settings.uri();
        this.calls = calls;
        this.source = uri != null
                ? uri.toString()
                : "auth-service (" + BulkheadSecurityProperties.REVOCATIONS_PATH + " of bulkhead.services."
                        + BulkheadSecurityProperties.AUTH_SERVICE + ")";
        this.interval = settings.pollInterval();
        this.lookBack = jwt.maxTokenLifetime().plus(jwt.clockSkew());
        this.skew = jwt.clockSkew();
        this.clock = clock;
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    @Override
    public boolean isRevoked(String jti) {
        return revoked.containsKey(jti);
    }

    /** @return when the list was last read successfully, or null if never */
    public Instant lastSuccessfulRead() {
        return lastSuccessfulRead;
    }

    /** Reads what was revoked since the previous read; called by the schedule, and by tests. */
    public void poll() {
        Instant from = since != null ? since : clock.instant().minus(lookBack);
        try {
            HttpResponse<String> response = uri != null
                    ? read(uri, from)
                    : calls.call(
                            BulkheadSecurityProperties.AUTH_SERVICE,
                            base -> read(URI.create(base + BulkheadSecurityProperties.REVOCATIONS_PATH), from));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            Map<String, Object> body = JSONObjectUtils.parse(response.body());
            for (Map<String, Object> entry : JSONObjectUtils.getJSONObjectArray(body, "revocations")) {
                String jti = JSONObjectUtils.getString(entry, "jti");
                String expiresAt = JSONObjectUtils.getString(entry, "expiresAt");
                if (jti != null && expiresAt != null) {
                    revoked.put(jti, Instant.parse(expiresAt));
                }
            }
            String asOf = JSONObjectUtils.getString(body, "asOf");
            since = asOf != null ? Instant.parse(asOf) : from;
            lastSuccessfulRead = clock.instant();
            if (failing) {
                log.info("Reading revoked tokens from {} works again", source);
                failing = false;
            }
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            failed(e);
        } catch (Exception e) {
            failed(e);
        }
        forgetExpired();
    }

    private HttpResponse<String> read(URI endpoint, Instant from) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(withSince(endpoint, from))
                .timeout(readTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + endpoint);
        }
    }

    private void failed(Exception e) {
        if (!failing) {
            log.warn(
                    "Cannot read revoked tokens from {} ({}); keeping the {} known until it answers",
                    source,
                    e.toString(),
                    revoked.size());
            failing = true;
        } else {
            log.debug("Still cannot read revoked tokens from {}: {}", source, e.toString());
        }
    }

    private void forgetExpired() {
        // Once exp + skew has passed the timestamp check refuses the token anyway.
        Instant horizon = clock.instant().minus(skew);
        revoked.values().removeIf(expiresAt -> expiresAt.isBefore(horizon));
    }

    private static URI withSince(URI endpoint, Instant from) {
        String separator = endpoint.getQuery() == null ? "?" : "&";
        return URI.create(endpoint + separator + "since=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8));
    }

    /** @return the revoked token ids currently known (for diagnostics) */
    public List<String> known() {
        return List.copyOf(revoked.keySet());
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bulkhead-revocations");
            thread.setDaemon(true);
            return thread;
        });
        // Fixed delay, not rate: reads never overlap, and the bound is interval + one read.
        executor.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
