package uk.transferofcare.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several service instances behind one port, as a load balancer puts them: each TCP connection goes to the next
 * backend in turn, and a backend that refuses the connection (killed, restarting) is skipped for that connection. Bytes
 * are copied both ways untouched, so long-lived server-sent event streams work; when a backend dies its connections
 * close, as they would behind a real balancer.
 */
public final class RoundRobinProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private final List<Integer> backends;
    private final ServerSocket server;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private RoundRobinProxy(List<Integer> backends, ServerSocket server) {
        this.backends = List.copyOf(backends);
        this.server = server;
    }

    /** Listens on a free loopback port and forwards to the backends' loopback ports. */
    public static RoundRobinProxy start(List<Integer> backendPorts) {
        try {
            ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            RoundRobinProxy proxy = new RoundRobinProxy(backendPorts, server);
            Thread acceptor = new Thread(proxy::accept, "proxy-accept-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    private void accept() {
        while (running) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            daemon("proxy-connection", () -> forward(client));
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
        Thread upstream = daemon("proxy-upstream", () -> copy(client, backend));
        copy(backend, client);
        try {
            upstream.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.remove(client);
        open.remove(backend);
    }

    /** The next backend that accepts a connection, or null when none does. */
    private Socket connect() {
        int first = Math.floorMod(next.getAndIncrement(), backends.size());
        for (int i = 0; i < backends.size(); i++) {
            int port = backends.get((first + i) % backends.size());
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
        open.forEach(RoundRobinProxy::closeQuietly);
    }
}
