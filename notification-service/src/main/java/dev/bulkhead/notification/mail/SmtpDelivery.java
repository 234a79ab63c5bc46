package dev.bulkhead.notification.mail;

import dev.bulkhead.notification.notification.Deliveries;
import dev.bulkhead.notification.recipient.AddressBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * E-mail over SMTP, on only when {@code spring.mail.host} is set — the same switch with which Spring
 * Boot creates the {@link JavaMailSender}. docker compose sets it to its Mailpit container; without it
 * (the no-Docker dev stack, most tests) notifications are only recorded, see {@link RecordOnlyNotice}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.mail", name = "host")
@EnableScheduling
@EnableConfigurationProperties(MailSettings.class)
class SmtpDelivery {

    private static final Logger log = LoggerFactory.getLogger(SmtpDelivery.class);

    @Bean
    MailSweep mailSweep(Deliveries deliveries, AddressBook addressBook, JavaMailSender mail, MailSettings settings) {
        return new MailSweep(deliveries, addressBook, mail, settings);
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce(ApplicationReadyEvent ready) {
        Environment environment = ready.getApplicationContext().getEnvironment();
        log.info(
                "Mailing notifications through the SMTP server at {}:{}",
                environment.getProperty("spring.mail.host"),
                environment.getProperty("spring.mail.port", "25"));
    }
}
