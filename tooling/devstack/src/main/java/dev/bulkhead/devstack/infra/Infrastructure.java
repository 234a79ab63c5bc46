package dev.bulkhead.devstack.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Provides everything the applications need before they start. Kafka takes longest, so it starts in
 * the background while Postgres, Redis and the payment provider come up one after the other.
 */
public final class Infrastructure {

    /** What to provide, and where: the components' own configurations. */
    public record Plan(
            Kafka.KafkaConfig kafka,
            boolean externalKafka,
            Postgres.PostgresConfig postgres,
            int redisPort,
            Path redisLog,
            PaymentProvider.ProviderConfig provider) {}

    private Infrastructure() {}

    /**
     * Starts or finds each component and hands it to {@code provided} at once, so that what is already
     * running is stopped even when a later one fails; returns them in the order they were provided.
     */
    public static List<Component> provide(Plan plan, Consumer<String> say, Consumer<Component> provided)
            throws IOException, SQLException, InterruptedException {
        var components = new ArrayList<Component>();
        Consumer<Component> add = c -> {
            components.add(c);
            provided.accept(c);
        };
        var kafka = CompletableFuture.supplyAsync(() -> {
            try {
                return plan.externalKafka() ? Kafka.external(plan.kafka().port()) : Kafka.start(plan.kafka());
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        });
        add.accept(Postgres.provide(plan.postgres(), say));
        var redis = Redis.provide(plan.redisPort(), plan.redisLog());
        add.accept(redis);
        if (redis.process().isEmpty() && redis.origin().startsWith("not available")) {
            say.accept("Redis: none on port " + plan.redisPort()
                    + " and no redis-server on PATH; running without it (the token cache keeps working in-process).");
        }
        add.accept(PaymentProvider.start(plan.provider()));
        try {
            add.accept(kafka.join());
        } catch (CompletionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
        return List.copyOf(components);
    }

    /** The one line {@code up} prints once everything is there. */
    public static String summary(List<Component> components) {
        return "Infrastructure: "
                + components.stream()
                        .map(c -> c.name() + " :" + c.port() + " (" + c.origin() + ")")
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("none");
    }
}
