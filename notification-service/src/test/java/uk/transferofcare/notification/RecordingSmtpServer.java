package uk.transferofcare.notification;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real SMTP server (GreenMail) that keeps every message it is handed, in arrival order, and does not dedupe, so a
 * resend shows. It can hold its answer to DATA after the n-th message: the message is received and recorded, but the
 * client waits for the server's "250" until {@link #release}, so the sender has it in flight.
 */
final class RecordingSmtpServer implements AutoCloseable {

    /** One message as received. */
    record Received(String messageId, String idempotencyKey, String recipient) {}

    private final GreenMail smtp;
    private final GreenMailUser sink;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> held = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int holdAfter = Integer.MAX_VALUE;

    RecordingSmtpServer() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        sink = smtp.setUser("sink@localhost", "sink", "sink");
        // Called during DATA, before the server answers; once per recipient (one per notification e-mail).
        smtp.getUserManager().setMessageDeliveryHandler((message, recipient) -> {
            record(message.getMessage(), recipient.getEmail());
            return sink;
        });
    }

    private void record(MimeMessage message, String recipient) throws MessagingException {
        String key = message.getHeader("X-Idempotency-Key", null);
        received.add(new Received(message.getMessageID(), key, recipient));
        if (received.size() > holdAfter) {
            held.add(key);
            try {
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    int port() {
        return smtp.getSmtp().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Answers the first {@code n} messages; records every later one but holds the answer until {@link #release}. */
    void holdAfter(int n) {
        holdAfter = n;
    }

    /** Idempotency keys of the messages received and not answered before {@link #release}. */
    List<String> held() {
        return List.copyOf(held);
    }

    void release() {
        holdAfter = Integer.MAX_VALUE;
        release.countDown();
    }

    @Override
    public void close() {
        release();
        smtp.stop();
    }
}
