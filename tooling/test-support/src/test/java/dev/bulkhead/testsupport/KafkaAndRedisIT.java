package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class KafkaAndRedisIT {

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    KafkaTemplate<String, String> template;

    @Autowired
    ConsumerFactory<String, String> consumers;

    @Autowired
    DataRedisConnectionDetails redisDetails;

    @Autowired
    RedisConnectionFactory redisConnections;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void producesAndConsumesThroughTheRunsBroker() throws Exception {
        assertThat(kafka.getBootstrapServers())
                .containsExactly(Infrastructure.get().kafka().bootstrapServers());
        String topic = "test-support-" + UUID.randomUUID();
        String value = "hello " + UUID.randomUUID();

        template.send(topic, "key-1", value).get(20, TimeUnit.SECONDS);

        var noCommits = new Properties();
        noCommits.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Consumer<String, String> consumer =
                consumers.createConsumer("test-support-" + UUID.randomUUID(), null, null, noCommits)) {
            // Topics made on first use have several partitions: read them all.
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            String seen = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (seen == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen = record.key() + "=" + record.value();
                }
            }
            assertThat(seen).isEqualTo("key-1=" + value);
        }
    }

    @Test
    void setsAndGetsInTheDatabaseIndexThatBelongsToThisRun() {
        var leased = Infrastructure.get().redis();
        var standalone = redisDetails.getStandalone();
        assertThat(standalone.getPort()).isEqualTo(leased.port());
        assertThat(standalone.getDatabase()).isEqualTo(leased.database());
        assertThat(((LettuceConnectionFactory) redisConnections).getDatabase()).isEqualTo(leased.database());

        String key = "test-support:" + UUID.randomUUID();
        redis.opsForValue().set(key, "value", Duration.ofMinutes(1));

        assertThat(redis.opsForValue().get(key)).isEqualTo("value");
        if (leased.source().equals("local server")) {
            // On a shared server the index is held by a lease naming this run.
            assertThat(redis.opsForValue().get(RedisLease.LEASE_KEY))
                    .isEqualTo(Infrastructure.get().runId());
        }
    }
}
