package uk.transferofcare.notification.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * E-mail channel through Spring's {@link JavaMailSender} (SMTP, {@code spring.mail.*}): plain text plus simple HTML.
 * The {@code Message-ID} is derived from the notification id, and {@code X-Idempotency-Key} carries it, so a mail
 * system that drops repeated Message-IDs drops a resend too. SMTP's 5xx for an address is permanent; everything else
 * (connection refused, 4xx, timeouts) is retryable.
 */
@Component
class EmailChannel implements DeliveryChannel {

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;
    private final Clock clock;

    EmailChannel(ObjectProvider<JavaMailSender> sender, NotificationProperties properties, Clock clock) {
        this.sender = sender;
        this.from = properties.email().from();
        this.clock = clock;
    }

    @Override
    public NotificationChannel channel() {
        return NotificationChannel.EMAIL;
    }

    @Override
    public String endpoint(String address) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail instanceof JavaMailSenderImpl impl) {
            return impl.getHost() + ":" + (impl.getPort() > 0 ? impl.getPort() : 25);
        }
        return "smtp";
    }

    @Override
    public String send(DeliveryTask task, String address, Message message) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            throw new PermanentDeliveryException("no SMTP server configured (spring.mail.host)");
        }
        try {
            MimeMessage mime = new FixedIdMimeMessage(session(mail), task.getNotificationId());
            MimeMessageHelper helper = new MimeMessageHelper(mime, true, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(address);
            helper.setSubject(message.subject());
            helper.setText(message.text(), message.html());
            helper.setSentDate(Date.from(clock.instant()));
            mime.setHeader("X-Idempotency-Key", task.getNotificationId());
            mail.send(mime);
            return "accepted by SMTP server";
        } catch (MessagingException | MailParseException | MailPreparationException e) {
            throw new PermanentDeliveryException(
                    "cannot build the e-mail: " + e.getClass().getSimpleName(), e);
        } catch (MailAuthenticationException e) {
            throw new RetryableDeliveryException("SMTP authentication failed", e);
        } catch (MailSendException e) {
            boolean rejectedAddress = e.getFailedMessages().values().stream()
                    .anyMatch(f -> f instanceof SendFailedException sfe
                            && sfe.getInvalidAddresses() != null
                            && sfe.getInvalidAddresses().length > 0);
            if (rejectedAddress) {
                throw new PermanentDeliveryException("SMTP server rejected the address", e);
            }
            throw new RetryableDeliveryException("SMTP send failed: " + rootCause(e), e);
        } catch (MailException e) {
            throw new RetryableDeliveryException("SMTP error: " + rootCause(e), e);
        }
    }

    private static Session session(JavaMailSender mail) {
        if (mail instanceof JavaMailSenderImpl impl) {
            return impl.getSession();
        }
        return mail.createMimeMessage().getSession();
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** A MIME message whose Message-ID is derived from the notification id instead of being random. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String notificationId) {
            super(session);
            this.messageId = "<" + notificationId + "@notification-service.transfer-of-care>";
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
