package uk.transferofcare.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * handover-api's port when {@code --instances} runs several: what a load balancer does in production. It checks each
 * instance's {@code /readyz} every {@link #CHECK_INTERVAL} and deals each new TCP connection to the next instance that
 * was ready at the last check (to any that accepts a connection when none was). Bytes are copied both ways untouched,
 * so server-sent event streams (the board) work; when an instance dies its connections close, and a client that
 * reconnects lands on another one.
 */
final class FrontProxy implements AutoCloseable {

    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final int BACKLOG = 200;

    private final List<Integer> backends;
    private final boolean[] ready;
    private final ServerSocket server;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MILLIS))
            .build();
    private volatile boolean running = true;

    private FrontProxy(List<Integer> backends, ServerSocket server) {
        this.backends = List.copyOf(backends);
        this.ready = new boolean[backends.size()];
        this.server = server;
    }

    /**
     * Listens on {@code port} of 127.0.0.1 and deals connections out to the instances' loopback ports.
     *
     * @throws IOException when the port is taken
     */
    static FrontProxy start(int port, List<Integer> backendPorts) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
        FrontProxy proxy = new FrontProxy(backendPorts, server);
        daemon("front-accept-" + port, proxy::accept);
        daemon("front-health-" + port, proxy::checkHealth);
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    /** The instances' ports that were ready at the last check. */
    synchronized List<Integer> readyBackends() {
        List<Integer> up = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            if (ready[i]) {
                up.add(backends.get(i));
            }
        }
        return up;
    }

    private void checkHealth() {
        while (running) {
            for (int i = 0; i < backends.size(); i++) {
                boolean up = isReady(backends.get(i));
                synchronized (this) {
                    ready[i] = up;
                }
            }
            try {
                Thread.sleep(CHECK_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean isReady(int port) {
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + Platform.READINESS_PATH))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void accept() {
        while (running) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            daemon("front-connection", () -> forward(client));
        }
    }

    private void forward(Socket client) {
        Socket backend = connect();
        if (backend == null) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(backend);
        Thread upstream = daemon("front-upstream", () -> copy(client, backend));
        copy(backend, client);
        try {
            upstream.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.remove(client);
        open.remove(backend);
    }

    /** The next ready instance that accepts a connection; when none was ready, the next that accepts one; or null. */
    private Socket connect() {
        List<Integer> candidates = readyBackends();
        if (candidates.isEmpty()) {
            candidates = backends;
        }
        int first = Math.floorMod(next.getAndIncrement(), candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            int port = candidates.get((first + i) % candidates.size());
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
        return null;
    }

    /** Copies until either side closes, then closes both, so the other direction ends too. */
    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or reset: end both directions
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to add
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // nothing to add
        }
        open.forEach(FrontProxy::closeQuietly);
    }
}
