package uk.transferofcare.notification.delivery;

import jakarta.activation.FileTypeMap;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.ConfigurableMimeFileTypeMap;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * E-mail channel: SMTP with the server and settings of Spring's {@link JavaMailSenderImpl} ({@code spring.mail.*}),
 * over pooled connections ({@link SmtpConnections}, as many as the e-mail bulkhead's {@code max-concurrent-calls}),
 * plain text plus simple HTML. The {@code Message-ID} is derived from the notification id, and {@code
 * X-Idempotency-Key} carries it, so a mail system that drops repeated Message-IDs drops a resend too. SMTP's 5xx for
 * an address is permanent; everything else (connection refused, 4xx, timeouts) is retryable.
 */
@Component
class EmailChannel implements DeliveryChannel, DisposableBean {

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;
    private final Clock clock;
    private final int connections;
    private final NotificationProperties.Email settings;
    private volatile SmtpConnections pool;

    EmailChannel(ObjectProvider<JavaMailSender> sender, NotificationProperties properties, Clock clock) {
        this.sender = sender;
        this.from = properties.email().from();
        this.settings = properties.email();
        this.connections = properties.resilience().email().bulkhead().maxConcurrentCalls();
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
    public CompletableFuture<String> send(DeliveryTask task, String address, Message message) {
        SmtpConnections smtp;
        MimeMessage mime;
        try {
            smtp = pool();
            mime = new FixedIdMimeMessage(smtp.session(), task.getNotificationId());
            MimeMessageHelper helper = new SharedFileTypeMapHelper(mime);
            helper.setFrom(from);
            helper.setTo(address);
            helper.setSubject(message.subject());
            helper.setText(message.text(), message.html());
            helper.setSentDate(Date.from(clock.instant()));
            mime.setHeader("X-Idempotency-Key", task.getNotificationId());
        } catch (DeliveryFailure e) {
            return CompletableFuture.failedFuture(e);
        } catch (MessagingException | RuntimeException e) {
            return CompletableFuture.failedFuture(new PermanentDeliveryException(
                    "cannot build the e-mail: " + e.getClass().getSimpleName(), e));
        }
        return smtp.send(mime).handle((ok, error) -> {
            if (error != null) {
                throw failure(ResilientDelivery.unwrap(error));
            }
            return "accepted by SMTP server";
        });
    }

    private static DeliveryFailure failure(Throwable e) {
        if (e instanceof SendFailedException sfe
                && sfe.getInvalidAddresses() != null
                && sfe.getInvalidAddresses().length > 0) {
            return new PermanentDeliveryException("SMTP server rejected the address", e);
        }
        if (e instanceof AuthenticationFailedException) {
            return new RetryableDeliveryException("SMTP authentication failed", e);
        }
        if (e instanceof MessagingException) {
            return new RetryableDeliveryException("SMTP send failed: " + rootCause(e), e);
        }
        return new RetryableDeliveryException("SMTP error: " + rootCause(e), e);
    }

    private SmtpConnections pool() {
        SmtpConnections p = pool;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (pool == null) {
                JavaMailSender mail = sender.getIfAvailable();
                if (!(mail instanceof JavaMailSenderImpl impl)) {
                    throw new PermanentDeliveryException(
                            mail == null
                                    ? "no SMTP server configured (spring.mail.host)"
                                    : "the mail sender is not Spring's JavaMailSenderImpl; cannot pool connections");
                }
                pool = new SmtpConnections(impl, connections, settings.connectionMaxIdle(), clock);
            }
            return pool;
        }
    }

    @Override
    public void destroy() {
        SmtpConnections p = pool;
        if (p != null) {
            p.close();
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /**
     * Spring's helper with one file type map for all messages: by default it builds a new one (reading every
     * {@code mime.types} on the class path) for each message not created by {@code JavaMailSenderImpl}, which cost
     * about half the CPU of an e-mail delivery in the executable jar.
     */
    private static final class SharedFileTypeMapHelper extends MimeMessageHelper {
        private static final FileTypeMap FILE_TYPES = fileTypes();

        SharedFileTypeMapHelper(MimeMessage mime) throws MessagingException {
            super(mime, true, StandardCharsets.UTF_8.name());
        }

        @Override
        protected FileTypeMap getDefaultFileTypeMap(MimeMessage mimeMessage) {
            return FILE_TYPES;
        }

        private static FileTypeMap fileTypes() {
            ConfigurableMimeFileTypeMap map = new ConfigurableMimeFileTypeMap();
            map.afterPropertiesSet();
            return map;
        }
    }

    /** A MIME message whose Message-ID is derived from the notification id instead of being random. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(jakarta.mail.Session session, String notificationId) {
            super(session);
            this.messageId = "<" + notificationId + "@notification-service.transfer-of-care>";
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
