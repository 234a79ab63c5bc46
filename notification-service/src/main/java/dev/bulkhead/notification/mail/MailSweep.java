package dev.bulkhead.notification.mail;

import dev.bulkhead.notification.notification.Deliveries;
import dev.bulkhead.notification.notification.Notification;
import dev.bulkhead.notification.recipient.AddressBook;
import dev.bulkhead.notification.recipient.Recipient;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Mails recorded notifications, always after the transaction that recorded them has committed: every
 * {@code sweep-interval} it leases the due ones (those whose recipient is known), sends each, and
 * reports the outcome. A failed send leaves the notification stored and retried with backoff, up to
 * {@code max-attempts}; nothing is lost when the mail server is down. Delivery is at least once: a
 * crash between the send and its report mails that one again when its lease runs out.
 */
class MailSweep implements SchedulingConfigurer {

    /** Rounds per sweep while batches come back full: drains a backlog fast, yet ends. */
    private static final int MAX_ROUNDS = 10;

    /** Enough to tell a refused connection from a refused address; SMTP servers can be verbose. */
    private static final int MAX_ERROR_LENGTH = 500;

    static final String NOTIFICATION_HEADER = "X-Bulkhead-Notification";

    private static final Logger log = LoggerFactory.getLogger(MailSweep.class);

    private final Deliveries deliveries;
    private final AddressBook addressBook;
    private final JavaMailSender mail;
    private final MailSettings settings;

    MailSweep(Deliveries deliveries, AddressBook addressBook, JavaMailSender mail, MailSettings settings) {
        this.deliveries = deliveries;
        this.addressBook = addressBook;
        this.mail = mail;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::sweep, settings.sweepInterval());
    }

    void sweep() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Notification> due = deliveries.leaseDue(settings.batchSize(), settings.lease());
            due.forEach(this::deliver);
            if (due.size() < settings.batchSize()) {
                return;
            }
        }
    }

    private void deliver(Notification notification) {
        try {
            Optional<Recipient> recipient = addressBook.find(notification.userId());
            if (recipient.isEmpty()) {
                return; // cannot happen (only rows with a recipient are leased); due again after the lease
            }
            send(notification, recipient.get());
            deliveries.sent(notification.id());
            log.info("Mailed notification {} to user {}", notification.id(), notification.userId());
        } catch (MailParseException | MailPreparationException e) {
            log.warn("Notification {} cannot be mailed: {}", notification.id(), e.getMessage());
            deliveries.undeliverable(notification.id(), describe(e));
        } catch (MailException e) {
            int failed = notification.attempts() + 1;
            log.warn(
                    "Mailing notification {} failed (attempt {} of {}): {}",
                    notification.id(),
                    failed,
                    settings.maxAttempts(),
                    describe(e));
            deliveries.failed(notification.id(), describe(e), settings.maxAttempts(), settings.backoffAfter(failed));
        } catch (RuntimeException e) {
            // E.g. the database went away: the lease runs out and the notification is due again.
            log.error("Delivering notification {} broke off; it is retried after its lease", notification.id(), e);
        }
    }

    private void send(Notification notification, Recipient recipient) {
        mail.send(message -> {
            var helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
            helper.setFrom(settings.from());
            helper.setTo(new InternetAddress(recipient.email(), recipient.name(), StandardCharsets.UTF_8.name()));
            helper.setSubject(notification.subject());
            helper.setText(notification.body());
            message.setHeader(NOTIFICATION_HEADER, notification.id().toString());
        });
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        return message.length() <= MAX_ERROR_LENGTH ? message : message.substring(0, MAX_ERROR_LENGTH) + "...";
    }
}
