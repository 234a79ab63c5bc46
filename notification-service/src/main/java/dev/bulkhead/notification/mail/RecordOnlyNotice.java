package dev.bulkhead.notification.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.stereotype.Component;

/** Says at start-up that, without an SMTP server, notifications are recorded but never mailed. */
@Component
@Conditional(RecordOnlyNotice.NoSmtpServer.class)
class RecordOnlyNotice implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(RecordOnlyNotice.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        log.info("No SMTP server configured (spring.mail.host is not set): notifications are recorded, not mailed");
    }

    /** The opposite of {@link SmtpDelivery}'s condition. */
    static class NoSmtpServer extends NoneNestedConditions {

        NoSmtpServer() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "spring.mail", name = "host")
        static class SmtpServer {}
    }
}
