package uk.transferofcare.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Pooled SMTP connections against a real SMTP server (GreenMail). */
class SmtpConnectionsTest {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private JavaMailSenderImpl mail;
    private SmtpConnections pool;

    @BeforeEach
    void open() {
        mail = sender(smtp.getSmtp().getPort());
        pool = new SmtpConnections(mail, 2, Duration.ofSeconds(30), clock);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "5000");
        sender.getJavaMailProperties().put("mail.smtp.timeout", "5000");
        return sender;
    }

    private MimeMessage message(Session session, int n) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<n" + n + "@notification-service.transfer-of-care>");
            }
        };
        message.setFrom(new InternetAddress("notifications@transfer-of-care.example"));
        message.setRecipients(MimeMessage.RecipientType.TO, "ed-coordinator.qeuh@nhs.example");
        message.setSubject("Pre-alert " + n);
        message.setText("case " + n);
        return message;
    }

    @Test
    void givenTwentyMessages_whenSentThroughAPoolOfTwo_thenAllArriveOverTwoConnectionsWithTheirMessageIds()
            throws Exception {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(pool.send(message(pool.session(), i)));
        }

        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(m -> {
                    try {
                        return m.getMessageID();
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 20)
                        .mapToObj(i -> "<n" + i + "@notification-service.transfer-of-care>")
                        .toList());
        assertThat(pool.opened()).isBetween(1, 2);
    }

    @Test
    void givenAConnectionIdleForLongerThanAllowed_whenTheNextMessageGoes_thenAFreshConnectionCarriesIt()
            throws Exception {
        SmtpConnections single = new SmtpConnections(mail, 1, Duration.ofSeconds(30), clock);
        try {
            single.send(message(single.session(), 1)).join();
            now.set(now.get().plusSeconds(10));
            single.send(message(single.session(), 2)).join();
            int afterShortPause = single.opened();
            now.set(now.get().plusSeconds(31));
            single.send(message(single.session(), 3)).join();

            assertThat(afterShortPause).isEqualTo(1);
            assertThat(single.opened()).isEqualTo(2);
            assertThat(smtp.getReceivedMessages()).hasSize(3);
        } finally {
            single.close();
        }
    }

    @Test
    void givenNoServerListening_whenSending_thenTheFutureFailsWithTheMessagingException() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SmtpConnections nowhere = new SmtpConnections(sender(closedPort), 1, Duration.ofSeconds(30), clock);
        try {
            CompletableFuture<Void> sent = nowhere.send(message(nowhere.session(), 1));

            assertThatThrownBy(sent::join)
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(MessagingException.class);
            assertThat(nowhere.opened()).isZero();
        } finally {
            nowhere.close();
        }
    }
}
