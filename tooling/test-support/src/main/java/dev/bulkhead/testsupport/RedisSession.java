package dev.bulkhead.testsupport;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;

/**
 * One short Lettuce connection (sync API) to a Redis that test-support probes or leases. Only code that provisions or
 * leases Redis loads this class, so Lettuce is needed on the test classpath of services that use Redis
 * (they have it through Spring Data Redis) and nowhere else.
 */
final class RedisSession implements AutoCloseable {

    /**
     * One client for the JVM, never shut down (its threads are daemons): a probe or a lease renewal
     * must not start and stop thread pools each time, and a client shut down while a failed handshake's
     * timer is pending logs a rejected task.
     */
    private static final class Shared {
        static final RedisClient CLIENT = client();

        private static RedisClient client() {
            RedisClient client = RedisClient.create(DefaultClientResources.builder()
                    .ioThreadPoolSize(1)
                    .computationThreadPoolSize(1)
                    .build());
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(false) // a session is short; a lost connection is an answer, not a wait
                    .socketOptions(SocketOptions.builder()
                            .connectTimeout(Duration.ofSeconds(2))
                            .build())
                    .build());
            return client;
        }
    }

    private final StatefulRedisConnection<String, String> connection;

    private RedisSession(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    /**
     * Connects, selecting {@code database}; every command gives up after {@code timeout}, the
     * connection after at most 2 s.
     *
     * @throws io.lettuce.core.RedisException when nothing answers or Redis refuses
     */
    static RedisSession open(String host, int port, int database, Duration timeout) {
        RedisURI uri = RedisURI.builder()
                .withHost(host)
                .withPort(port)
                .withDatabase(database)
                .withTimeout(timeout)
                .build();
        return new RedisSession(Shared.CLIENT.connect(uri));
    }

    /** Whether a Redis on {@code host:port} answers PING within {@code timeout}. */
    static boolean pongs(String host, int port, Duration timeout) {
        try (RedisSession session = open(host, port, 0, timeout)) {
            return "PONG".equals(session.commands().ping());
        } catch (RedisException e) {
            return false;
        }
    }

    RedisCommands<String, String> commands() {
        return connection.sync();
    }

    @Override
    public void close() {
        connection.close();
    }
}
