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

    private static void set(Infrastructure.Redis redis, int database, String key, String value) {
        try (RedisSession session = session(redis, database)) {
            session.commands().set(key, value);
        }
    }

    private static String get(Infrastructure.Redis redis, int database, String key) {
        try (RedisSession session = session(redis, database)) {
            return session.commands().get(key);
        }
    }

    private static long dbsize(Infrastructure.Redis redis, int database) {
        try (RedisSession session = session(redis, database)) {
            return session.commands().dbsize();
        }
    }

    private static RedisSession session(Infrastructure.Redis redis, int database) {
        return RedisSession.open(redis.host(), redis.port(), database, Duration.ofSeconds(2));
    }
}
