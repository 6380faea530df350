package uk.transferofcare.notification.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small real SMTP server in the JVM that offers STARTTLS (GreenMail does not): it greets, answers EHLO (advertising
 * STARTTLS when told to), upgrades the connection with a certificate for localhost and 127.0.0.1 made by the JDK's
 * keytool, and records every command with whether it came over TLS, and every message. Enough of RFC 5321 for
 * Jakarta Mail; nothing else.
 */
final class StartTlsSmtpServer implements AutoCloseable {

    /** One command as received, and whether the connection was encrypted then. */
    record Command(String line, boolean tls) {}

    /** One message as received. */
    record Received(String from, List<String> to, String data, boolean tls) {}

    static final String PASSWORD = "changeit";

    private final ServerSocket server;
    private final SSLContext tls;
    private final boolean offerStartTls;
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * @param directory where the key store ({@code server.p12}) and the trust store ({@code trust.p12}) are written
     * @param offerStartTls whether EHLO advertises STARTTLS
     */
    StartTlsSmtpServer(Path directory, boolean offerStartTls) throws Exception {
        this.offerStartTls = offerStartTls;
        Path keyStore = directory.resolve("server.p12");
        if (!Files.exists(keyStore)) {
            certificates(keyStore, trustStore(directory));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "starttls-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The PKCS12 trust store holding the server's certificate. */
    static Path trustStore(Path directory) {
        return directory.resolve("trust.p12");
    }

    int port() {
        return server.getLocalPort();
    }

    List<Command> commands() {
        return List.copyOf(commands);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** A key pair for localhost and 127.0.0.1 (valid two days) by keytool, and a trust store holding its certificate. */
    private static void certificates(Path keyStore, Path trustStore) throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                "smtp",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("smtp", keys.getCertificate("smtp"));
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD.toCharArray());
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "starttls-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket plain) {
        Socket socket = plain;
        boolean encrypted = false;
        try {
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            reply(out, "220 localhost ESMTP test");
            String from = null;
            List<String> to = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(new Command(line, encrypted));
                String verb = line.length() < 4
                        ? line.toUpperCase()
                        : line.substring(0, 4).toUpperCase();
                switch (verb) {
                    case "EHLO" ->
                        reply(
                                out,
                                offerStartTls && !encrypted
                                        ? "250-localhost\r\n250-8BITMIME\r\n250 STARTTLS"
                                        : "250-localhost\r\n250 8BITMIME");
                    case "HELO" -> reply(out, "250 localhost");
                    case "STAR" -> {
                        if (!offerStartTls || encrypted) {
                            reply(out, "502 not offered");
                            continue;
                        }
                        reply(out, "220 ready to start TLS");
                        SSLSocket upgraded = (SSLSocket) tls.getSocketFactory()
                                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                        upgraded.setUseClientMode(false);
                        upgraded.startHandshake();
                        socket = upgraded;
                        encrypted = true;
                        in = reader(socket);
                        out = socket.getOutputStream();
                    }
                    case "MAIL" -> {
                        from = line.substring(line.indexOf(':') + 1).strip();
                        to = new ArrayList<>();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        to.add(line.substring(line.indexOf(':') + 1).strip());
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        StringBuilder data = new StringBuilder();
                        for (String d = in.readLine(); d != null && !d.equals("."); d = in.readLine()) {
                            data.append(d.startsWith("..") ? d.substring(1) : d).append('\n');
                        }
                        received.add(new Received(from, List.copyOf(to), data.toString(), encrypted));
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        socket.close();
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The client gave up (e.g. a handshake it refused): what it sent so far is recorded.
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void reply(OutputStream out, String text) {
        try {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
