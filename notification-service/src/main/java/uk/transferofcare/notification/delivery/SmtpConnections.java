package uk.transferofcare.notification.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A pool of open SMTP connections to the server {@code spring.mail.*} names, each used by one sending thread at a
 * time: a message costs MAIL FROM, RCPT TO and DATA on a connection that is already open and greeted, instead of a
 * TCP connect, EHLO (and STARTTLS and AUTH when configured) and QUIT around every message as {@link
 * JavaMailSenderImpl#send} does. Connections are opened as needed, up to one per thread; one unused for longer than
 * {@code maxIdle} is closed and replaced before it is used (servers drop idle connections), and one whose send failed
 * is closed, so a broken connection is never reused. Sessions, host, port, protocol and credentials are the mail
 * sender's, so TLS and authentication settings apply unchanged.
 */
final class SmtpConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    static {
        // Jakarta Mail looks its StreamProvider up for every body part and multipart it creates: by this system
        // property if set, else through ServiceLoader, which scans the class path each time (a tenth of the CPU of
        // an e-mail delivery in the executable jar). Name the implementation once, unless someone already has.
        if (System.getProperty(STREAM_PROVIDER) == null && present(ANGUS_STREAM_PROVIDER)) {
            System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
        }
    }

    private final JavaMailSenderImpl mail;
    private final Duration maxIdle;
    private final Clock clock;
    private final ExecutorService senders;
    private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
    private final AtomicInteger opened = new AtomicInteger();

    /**
     * @param mail the configured mail sender (session, host, port, protocol, credentials)
     * @param size connections and sending threads
     * @param maxIdle how long an unused connection may stay open
     */
    SmtpConnections(JavaMailSenderImpl mail, int size, Duration maxIdle, Clock clock) {
        this.mail = mail;
        this.maxIdle = maxIdle;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "smtp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SmtpConnections.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The mail session messages are built in. */
    jakarta.mail.Session session() {
        return mail.getSession();
    }

    /**
     * Sends on a pooled connection.
     *
     * @return completes when the server accepted the message (250 after DATA), or exceptionally with the {@link
     *     MessagingException} JavaMail threw
     */
    CompletableFuture<Void> send(MimeMessage message) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        senders.execute(() -> {
            try {
                sendNow(message);
                sent.complete(null);
            } catch (MessagingException | RuntimeException e) {
                sent.completeExceptionally(e);
            }
        });
        return sent;
    }

    private void sendNow(MimeMessage message) throws MessagingException {
        message.saveChanges();
        Connection connection = take();
        try {
            connection.transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.lastUsed = clock.instant();
        idle.add(connection);
    }

    private Connection take() throws MessagingException {
        Instant now = clock.instant();
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            // Not Transport.isConnected(): for SMTP that is a NOOP round trip before every message.
            if (c.lastUsed.plus(maxIdle).isAfter(now)) {
                return c;
            }
            c.close();
        }
        // As JavaMailSenderImpl chooses it: its protocol, else the session's, else SMTP.
        String protocol = mail.getProtocol();
        if (protocol == null) {
            protocol = mail.getSession().getProperty("mail.transport.protocol");
        }
        Transport transport = mail.getSession().getTransport(protocol == null ? "smtp" : protocol);
        String username = mail.getUsername();
        String password = mail.getPassword();
        if ("".equals(username)) {
            username = null;
            if ("".equals(password)) {
                password = null;
            }
        }
        transport.connect(mail.getHost(), mail.getPort(), username, password);
        opened.incrementAndGet();
        return new Connection(transport, now);
    }

    /** Connections opened so far. */
    int opened() {
        return opened.get();
    }

    /** Closes every idle connection and stops the sending threads (a send under way finishes first). */
    @Override
    public void close() {
        senders.shutdown();
        try {
            if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            c.close();
        }
    }

    private static final class Connection {
        final Transport transport;
        Instant lastUsed;

        Connection(Transport transport, Instant lastUsed) {
            this.transport = transport;
            this.lastUsed = lastUsed;
        }

        void close() {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                log.debug("Closing an SMTP connection failed: {}", e.toString());
            }
        }
    }
}
