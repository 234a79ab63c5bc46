package dev.bulkhead.resilience.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.Infrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The sweep against real Postgres: what is old goes, in batches, once, whoever else sweeps. */
class RetentionSweepIT {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Duration KEEP = Duration.ofDays(14);

    private JdbcTemplate jdbc;

    @BeforeEach
    void table() {
        Infrastructure.Database db = Infrastructure.get().postgres().createDatabase();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password()));
        jdbc.execute("create table claim (id int primary key, claimed_at timestamptz not null)");
    }

    @Test
    void deletesRowsOlderThanTheirRetentionInBatchesAndKeepsTheRest() {
        insert(0, 2_500, NOW.minus(KEEP).minusSeconds(1)); // just past the retention
        insert(2_500, 100, NOW.minus(KEEP).plusSeconds(60)); // just within it
        var meters = new SimpleMeterRegistry();
        var sweep = sweep(meters);

        assertThat(sweep.sweep())
                .as("rows deleted, over three batches of 1,000")
                .isEqualTo(2_500);
        assertThat(count()).as("rows kept").isEqualTo(100);
        assertThat(jdbc.queryForObject("select min(id) from claim", Integer.class))
                .isEqualTo(2_500);
        assertThat(meters.get(RetentionSweep.DELETED)
                        .tag("table", "claim")
                        .counter()
                        .count())
                .isEqualTo(2_500);
        assertThat(sweep.sweep()).as("a second sweep finds nothing").isZero();
    }

    @Test
    void twoInstancesSweepingAtOnceDeleteEachRowOnceBetweenThem() {
        insert(0, 20_000, NOW.minus(KEEP).minus(Duration.ofDays(1)));
        insert(20_000, 10, NOW);
        var first = sweep(new SimpleMeterRegistry());
        var second = sweep(new SimpleMeterRegistry());

        var one = CompletableFuture.supplyAsync(first::sweep);
        var other = CompletableFuture.supplyAsync(second::sweep);

        assertThat(one.join() + other.join()).as("deleted by both together").isEqualTo(20_000);
        assertThat(count()).isEqualTo(10);
    }

    private RetentionSweep sweep(SimpleMeterRegistry meters) {
        return new RetentionSweep(
                jdbc,
                List.of(new Retention("claim", "claimed_at", KEEP)),
                new RetentionSettings(true, Duration.ofHours(1), 1_000),
                Clock.fixed(NOW, ZoneOffset.UTC),
                meters);
    }

    private void insert(int from, int count, Instant at) {
        jdbc.batchUpdate(
                "insert into claim (id, claimed_at) values (?, ?)",
                IntStream.range(from, from + count)
                        .mapToObj(id -> new Object[] {id, Timestamp.from(at)})
                        .toList());
    }

    private int count() {
        return jdbc.queryForObject("select count(*) from claim", Integer.class);
    }
}
