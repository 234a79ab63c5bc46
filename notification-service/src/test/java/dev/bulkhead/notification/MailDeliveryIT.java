package dev.bulkhead.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.bulkhead.testsupport.RunningService;
import dev.bulkhead.testsupport.http.TestHttp;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * E-mail through a real SMTP server (GreenMail, in this JVM): sent after the notification is
 * recorded, marked SENT, and never lost while the server is down.
 */
@DirtiesContext
class MailDeliveryIT extends RunningService {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = TestHttp.JSON;
    private static final ServerSetup SMTP = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    private static GreenMail smtp = startSmtp();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // A group of its own: other test classes' contexts stay cached, and listening, in this JVM.
        registry.add("spring.kafka.consumer.group-id", () -> "notification-service-it-" + UUID.randomUUID());
        registry.add("spring.mail.host", SMTP::getBindAddress);
        registry.add("spring.mail.port", SMTP::getPort);
        // Fast sweeps and retries, and enough attempts to outlast the outage below.
        registry.add("bulkhead.notification.mail.sweep-interval", () -> "100ms");
        registry.add("bulkhead.notification.mail.retry-backoff", () -> "200ms");
        registry.add("bulkhead.notification.mail.max-retry-backoff", () -> "400ms");
        registry.add("bulkhead.notification.mail.max-attempts", () -> "50");
    }

    @AfterAll
    static void stopServers() {
        smtp.stop();
    }

    @Test
    void mailsTheOrderConfirmationToTheRegisteredUserAndMarksItSent() throws Exception {
        UUID userId = UUID.randomUUID();
        String email = "buyer-" + userId + "@example.com";
        UUID orderId = UUID.randomUUID();
        register(userId, email, "Grace Hopper");
        // user-events and order-events are separate topics with no order between them: wait until the
        // recipient is known, or the confirmation is (rightly) recorded with a greeting without a name.
        awaitDelivery(userId, "WELCOME", "SENT");
        kafka.send(
                        "order-events",
                        orderId.toString(),
                        NotificationsIT.orderConfirmed(UUID.randomUUID(), orderId, userId, 17800))
                .get();

        JsonNode notification = awaitDelivery(userId, "ORDER_CONFIRMED", "SENT");

        List<MimeMessage> mails = mailsTo(email).stream()
                .filter(mail -> text(mail).contains(orderId.toString()))
                .toList();
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.getFirst();
        assertThat(mail.getSubject()).isEqualTo(notification.path("subject").asString());
        assertThat(text(mail)).contains("Hello Grace Hopper,", "EUR 178.00");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("notifications@bulkhead.dev");
        assertThat(mail.getHeader("X-Bulkhead-Notification", null))
                .isEqualTo(notification.path("id").asString());
    }

    @Test
    void keepsTheNotificationWhileTheMailServerIsDownAndSendsItWhenItIsBack() throws Exception {
        UUID userId = UUID.randomUUID();
        String email = "patient-" + userId + "@example.com";
        register(userId, email, "Barbara Liskov");
        awaitDelivery(userId, "WELCOME", "SENT");
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();

        smtp.stop();
        try {
            kafka.send(
                            "order-events",
                            orderId.toString(),
                            NotificationsIT.orderConfirmed(eventId, orderId, userId, 4200))
                    .get();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> attemptsOf(eventId) >= 2);
            Map<String, Object> stored = row(eventId);
            assertThat(stored.get("delivery")).isEqualTo("RECORDED");
            assertThat(stored.get("sent_at")).isNull();
            assertThat((String) stored.get("last_error")).isNotBlank();
            assertThat(delivery(userId, "ORDER_CONFIRMED")).isEqualTo("RECORDED");
        } finally {
            smtp = startSmtp();
        }

        awaitDelivery(userId, "ORDER_CONFIRMED", "SENT");
        assertThat(mailsTo(email))
                .filteredOn(mail -> text(mail).contains(orderId.toString()))
                .hasSize(1);
        assertThat(attemptsOf(eventId)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void recordsButDoesNotMailWhileTheRecipientIsUnknownAndMailsOnceTheyRegister() throws Exception {
        UUID userId = UUID.randomUUID();
        String email = "early-" + userId + "@example.com";
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        kafka.send("order-events", orderId.toString(), NotificationsIT.orderConfirmed(eventId, orderId, userId, 100))
                .get();
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> delivery(userId, "ORDER_CONFIRMED") != null);

        Thread.sleep(1000); // ten sweeps, none of which may mail it
        assertThat(row(eventId)).containsEntry("delivery", "RECORDED").containsEntry("attempts", 0);
        assertThat(mailsTo(email)).isEmpty();

        register(userId, email, "Early Bird");

        awaitDelivery(userId, "ORDER_CONFIRMED", "SENT");
        assertThat(mailsTo(email))
                .filteredOn(mail -> text(mail).contains(orderId.toString()))
                .hasSize(1);
    }

    // --- helpers ---------------------------------------------------------------------------

    private void register(UUID userId, String email, String name) throws Exception {
        ObjectNode event = JSON.createObjectNode()
                .put("id", UUID.randomUUID().toString())
                .put("type", "UserRegistered")
                .put("version", 1)
                .put("source", "auth-service")
                .put("time", Instant.now().toString())
                .put("subject", userId.toString());
        event.putObject("data")
                .put("userId", userId.toString())
                .put("email", email)
                .put("name", name)
                .put("registeredAt", Instant.now().toString());
        kafka.send("user-events", userId.toString(), event.toString()).get();
    }

    private JsonNode awaitDelivery(UUID userId, String kind, String delivery) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            found[0] = notification(userId, kind);
            return found[0] != null && delivery.equals(found[0].path("delivery").asString());
        });
        return found[0];
    }

    private String delivery(UUID userId, String kind) throws Exception {
        JsonNode notification = notification(userId, kind);
        return notification == null ? null : notification.path("delivery").asString();
    }

    private JsonNode notification(UUID userId, String kind) throws Exception {
        var response = TestHttp.at(port).get("/api/v1/notifications", "Authorization", "Bearer " + auth.token(userId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body())
                .path("items")
                .valueStream()
                .filter(item -> kind.equals(item.path("kind").asString()))
                .findFirst()
                .orElse(null);
    }

    private int attemptsOf(UUID eventId) {
        Integer attempts = jdbc.queryForObject(
                "SELECT coalesce(max(attempts), 0) FROM notification WHERE event_id = ?", Integer.class, eventId);
        return attempts == null ? 0 : attempts;
    }

    private Map<String, Object> row(UUID eventId) {
        return jdbc.queryForMap(
                "SELECT delivery, sent_at, attempts, last_error FROM notification WHERE event_id = ?", eventId);
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(mail -> addressedTo(mail, address))
                .toList();
    }

    private static boolean addressedTo(MimeMessage mail, String address) {
        try {
            Address[] recipients = mail.getAllRecipients();
            return recipients != null
                    && Arrays.stream(recipients)
                            .anyMatch(to -> ((InternetAddress) to).getAddress().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage mail) {
        try {
            return (String) mail.getContent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail startSmtp() {
        GreenMail server = new GreenMail(SMTP)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
