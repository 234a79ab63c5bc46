package dev.bulkhead.testsupport;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Redis database index on a shared server, held by this test run.
 *
 * <p>Why an index and not a key prefix: nothing makes the application under test honour a prefix,
 * and flushing a shared server would destroy other people's data. A claimed index is private, and
 * every key in it is ours. The claim is atomic (a Lua script): an index is taken only when it is
 * empty, or when it holds nothing but the leftovers of a crashed Bulkhead test run (its owner marker is
 * there but its lease has expired). The lease is renewed while the JVM lives and the database is
 * flushed and released at exit, so a rerun never sees an earlier run's keys and concurrent runs never
 * share an index. Database 0 is never claimed: it is where people keep their own data.
 */
final class RedisLease {

    static final String LEASE_KEY = "bulkhead-test-support:lease";
    static final String OWNER_KEY = "bulkhead-test-support:owner";
    static final int FIRST_INDEX = 1;
    static final Duration TTL = Duration.ofSeconds(30); // survives a long GC pause, frees a crashed run's index soon
    static final Duration RENEW_EVERY = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final String CLAIM = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            if redis.call('DBSIZE') > 0 then
              if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
              redis.call('FLUSHDB')
            end
            redis.call('SET', KEYS[2], ARGV[1])
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

    // Re-asserts the lease even if the application flushed its own database (a common test cleanup).
    private static final String RENEW = """
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[2], ARGV[1])
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('FLUSHDB') return 1 end
            return 0
            """;

    private final String host;
    private final int port;
    private final int database;
    private final String runId;
    private final ScheduledExecutorService renewer;

    private RedisLease(String host, int port, int database, String runId) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.runId = runId;
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulkhead-redis-lease");
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleWithFixedDelay(
                this::renew, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Claims the first free index (1 up to the server's {@code databases} setting), or none. */
    static Optional<RedisLease> claim(String host, int port, String runId) throws IOException {
        try (RedisSession session = RedisSession.open(host, port, 0, TIMEOUT)) {
            RedisCommands<String, String> redis = session.commands();
            int databases = databases(redis);
            for (int index = FIRST_INDEX; index < databases; index++) {
                redis.select(index);
                Long claimed = redis.eval(
                        CLAIM,
                        ScriptOutputType.INTEGER,
                        new String[] {LEASE_KEY, OWNER_KEY},
                        runId,
                        Long.toString(TTL.toMillis()));
                if (Long.valueOf(1).equals(claimed)) {
                    return Optional.of(new RedisLease(host, port, index, runId));
                }
            }
            return Optional.empty();
        } catch (RedisException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static int databases(RedisCommands<String, String> redis) {
        try {
            String databases = redis.configGet("databases").get("databases");
            if (databases != null) {
                return Integer.parseInt(databases);
            }
        } catch (RedisCommandExecutionException e) {
            // CONFIG may be renamed or forbidden on a managed server; 16 is Redis's default.
        }
        return 16;
    }

    int database() {
        return database;
    }

    private void renew() {
        try (RedisSession session = RedisSession.open(host, port, database, TIMEOUT)) {
            session.commands()
                    .eval(
                            RENEW,
                            ScriptOutputType.INTEGER,
                            new String[] {LEASE_KEY, OWNER_KEY},
                            runId,
                            Long.toString(TTL.toMillis()));
        } catch (RedisException e) {
            // The next attempt may succeed; the TTL leaves room for a few misses.
        }
    }

    /** Flushes the database this run owned and gives the index back. */
    void release() {
        renewer.shutdownNow();
        try (RedisSession session = RedisSession.open(host, port, database, TIMEOUT)) {
            session.commands().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {LEASE_KEY}, runId);
        } catch (RedisException e) {
            // Best effort: an unreleased index is reclaimed by a later run once the lease expires.
        }
    }
}
