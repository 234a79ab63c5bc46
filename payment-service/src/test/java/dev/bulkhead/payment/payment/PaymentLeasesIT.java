package dev.bulkhead.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lease on a payment's provider call and the sweep's claim, on the real table: the rules live in
 * the SQL, so they are tested against Postgres, with time passed in (a fixed {@code T0} and offsets
 * from it) rather than read from a clock.
 */
@RealInfrastructure
@SpringBootTest(classes = PaymentLeasesIT.PaymentTable.class)
class PaymentLeasesIT {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofSeconds(60);

    /** Only the table and its repository: no sweep of the service's runs beside these tests. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class,
        FlywayAutoConfiguration.class
    })
    @Import(Payments.class)
    static class PaymentTable {}

    @Autowired
    Payments payments;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeEach
    void emptyTable() {
        jdbc.sql("DELETE FROM payment").update();
    }

    @Test
    void aLiveLeaseKeepsEveryoneButItsHolderFromStartingTheCall() {
        UUID holder = UUID.randomUUID();
        UUID payment = chargeRequested(T0, holder);
        Instant later = T0.plusSeconds(10);

        assertThat(start(payment, UUID.randomUUID(), later))
                .as("another instance")
                .isEmpty();
        Optional<Payment> renewed = start(payment, holder, later);

        assertThat(renewed).as("the holder, retrying").isPresent();
        assertThat(renewed.get().row().providerCallAt()).isEqualTo(later);
        assertThat(renewed.get().row().providerLease()).isEqualTo(holder);
    }

    @Test
    void aLeaseThatRanOutIsTakenOverAndItsOldHolderCannotRenewIt() {
        UUID crashed = UUID.randomUUID();
        UUID payment = chargeRequested(T0, crashed);
        UUID successor = UUID.randomUUID();

        assertThat(start(payment, successor, T0.plus(STALE_AFTER).plusSeconds(1)))
                .isPresent();

        assertThat(start(payment, crashed, T0.plus(STALE_AFTER).plusSeconds(2))).isEmpty();
        assertThat(start(payment, successor, T0.plus(STALE_AFTER).plusSeconds(3)))
                .isPresent();
    }

    @Test
    void noLeaseIsTakenOnAPaymentThatNoLongerAwaitsTheCall() {
        UUID holder = UUID.randomUUID();
        UUID payment = chargeRequested(T0, holder);
        jdbc.sql("UPDATE payment SET status = 'CHARGED', charged_at = now(), charge_reference = 'ch_1' WHERE id = ?")
                .param(payment)
                .update();

        assertThat(start(payment, holder, T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void theSweepClaimsOnlyCallsWhoseLeaseRanOutEachUnderANewLease() {
        Instant now = T0.plus(STALE_AFTER).plusSeconds(30);
        UUID oldLease = UUID.randomUUID();
        UUID ranOut = chargeRequested(T0, oldLease);
        UUID live = chargeRequested(now.minusSeconds(5), UUID.randomUUID());
        UUID neverLeased = chargeRequested(null, null);

        List<Payments.Claimed> claimed = payments.claimDue(now, now.minus(STALE_AFTER), 10);

        assertThat(claimed).extracting(Payments.Claimed::paymentId).containsExactlyInAnyOrder(ranOut, neverLeased);
        assertThat(claimed)
                .extracting(Payments.Claimed::lease)
                .doesNotContainNull()
                .doesNotContain(oldLease);
        assertThat(payments.claimDue(now.plusSeconds(1), now.plusSeconds(1).minus(STALE_AFTER), 10))
                .as("claimed a second later: every lease is live")
                .isEmpty();
        Payments.Claimed mine = claimed.getFirst();
        assertThat(start(mine.paymentId(), mine.lease(), now.plusSeconds(2)))
                .as("the sweep's work renews its lease")
                .isPresent();
        assertThat(start(live, UUID.randomUUID(), now)).isEmpty();
    }

    @Test
    void twoSweepsAtOnceClaimDifferentCallsAndNeitherWaitsForTheOther() throws Exception {
        List<UUID> due = IntStream.range(0, 20)
                .mapToObj(i -> chargeRequested(T0, UUID.randomUUID()))
                .toList();
        Instant now = T0.plus(STALE_AFTER).plusSeconds(1);
        var transactions = new TransactionTemplate(transactionManager);
        var firstClaimed = new CountDownLatch(1);
        var secondDone = new CountDownLatch(1);

        // The first sweep's transaction stays open (its rows locked, its leases not yet committed) until
        // the second sweep has claimed: the interleaving that a plain SELECT would turn into a double call.
        CompletableFuture<List<Payments.Claimed>> first =
                CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
                    List<Payments.Claimed> claimed = payments.claimDue(now, now.minus(STALE_AFTER), 12);
                    firstClaimed.countDown();
                    awaitQuietly(secondDone);
                    return claimed;
                }));
        assertThat(firstClaimed.await(10, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        List<Payments.Claimed> second = payments.claimDue(now, now.minus(STALE_AFTER), 12);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        secondDone.countDown();

        List<UUID> firstIds = first.get(10, TimeUnit.SECONDS).stream()
                .map(Payments.Claimed::paymentId)
                .toList();
        List<UUID> secondIds = second.stream().map(Payments.Claimed::paymentId).toList();
        assertThat(firstIds).hasSize(12);
        assertThat(secondIds).hasSize(8).doesNotContainAnyElementsOf(firstIds);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(union(firstIds, secondIds)).containsExactlyInAnyOrderElementsOf(due);
    }

    @Test
    void aReleasedLeaseIsDueAtOnceButOnlyItsHolderCanReleaseIt() {
        UUID holder = UUID.randomUUID();
        UUID payment = chargeRequested(T0, holder);
        Instant soon = T0.plusSeconds(1);

        payments.releaseLease(payment, UUID.randomUUID());
        assertThat(payments.claimDue(soon, soon.minus(STALE_AFTER), 10))
                .as("released by a stranger")
                .isEmpty();

        payments.releaseLease(payment, holder);
        assertThat(payments.claimDue(soon, soon.minus(STALE_AFTER), 10))
                .extracting(Payments.Claimed::paymentId)
                .containsExactly(payment);
    }

    private Optional<Payment> start(UUID payment, UUID lease, Instant at) {
        return payments.startProviderCall(payment, PaymentStatus.CHARGE_REQUESTED, lease, at, at.minus(STALE_AFTER));
    }

    /** A payment whose charge is requested, its lease taken at {@code leasedAt} by {@code lease} (or by nobody). */
    private UUID chargeRequested(Instant leasedAt, UUID lease) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO payment (id, order_id, user_id, amount_minor, currency, payment_token, status,
                            charge_requested_at, provider_call_at, provider_lease, created_at, updated_at)
                        VALUES (:id, :orderId, :userId, 1250, 'EUR', 'tok_ok', 'CHARGE_REQUESTED',
                            :t0, :leasedAt, :lease, :t0, :t0)""")
                .param("id", id)
                .param("orderId", UUID.randomUUID())
                .param("userId", UUID.randomUUID())
                .param("t0", T0.atOffset(ZoneOffset.UTC))
                .param("leasedAt", leasedAt == null ? null : leasedAt.atOffset(ZoneOffset.UTC))
                .param("lease", lease)
                .update();
        return id;
    }

    private static List<UUID> union(List<UUID> a, List<UUID> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
