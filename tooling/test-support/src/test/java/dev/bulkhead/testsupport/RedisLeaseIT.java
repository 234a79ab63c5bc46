package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedisLeaseIT {

    @Test
    void givesConcurrentRunsDifferentIndexesAndFlushesOnlyItsOwnOnRelease() throws Exception {
        var redis = Infrastructure.get().redis();
        var one = RedisLease.claim(redis.host(), redis.port(), RunId.next(Instant.now()))
                .orElseThrow();
        var other = RedisLease.claim(redis.host(), redis.port(), RunId.next(Instant.now()))
                .orElseThrow();
        try {
            assertThat(one.database()).isNotEqualTo(other.database()).isNotZero();
            assertThat(other.database()).isNotEqualTo(redis.database()).isNotZero();
            set(redis, other.database(), "left-by-other", "x");
            set(redis, one.database(), "kept-by-one", "y");

            other.release();

            assertThat(dbsize(redis, other.database())).isZero();
            assertThat(get(redis, one.database(), "kept-by-one")).isEqualTo("y");
        } finally {
            one.release();
            other.release();
        }
    }

    private static void set(Infrastructure.Redis redis, int database, String key, String value) throws Exception {
        try (Resp client = client(redis, database)) {
            client.call("SET", key, value);
        }
    }

    private static Object get(Infrastructure.Redis redis, int database, String key) throws Exception {
        try (Resp client = client(redis, database)) {
            return client.call("GET", key);
        }
    }

    private static long dbsize(Infrastructure.Redis redis, int database) throws Exception {
        try (Resp client = client(redis, database)) {
            return (Long) client.call("DBSIZE");
        }
    }

    private static Resp client(Infrastructure.Redis redis, int database) throws Exception {
        Resp client = new Resp(redis.host(), redis.port(), Duration.ofSeconds(2));
        client.call("SELECT", Integer.toString(database));
        return client;
    }
}
