package uk.transferofcare.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Refuses to start on a taken port, naming the port, what it is for and, if it is ours, who holds it. */
final class PortCheck {

    private PortCheck() {}

    /** The ports of {@code needed} that something else already uses. */
    static List<Ports.Use> taken(List<Ports.Use> needed) {
        return needed.stream().filter(use -> inUse(use.port())).toList();
    }

    /**
     * True if the port cannot be bound on all interfaces, or something on the loopback interface accepts connections
     * on it (which also catches a server bound to 127.0.0.1 only, where binding the wildcard address may succeed).
     */
    static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            return true;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The message for the user: every taken port, and a hint when a previous stack's processes are still alive. */
    static String message(List<Ports.Use> taken, Path pidsDir, int offset) {
        StringBuilder message = new StringBuilder();
        for (Ports.Use use : taken) {
            message.append("Port ")
                    .append(use.port())
                    .append(" (")
                    .append(use.purpose())
                    .append(") is already in use.\n");
        }
        List<String> survivors = survivors(pidsDir);
        if (!survivors.isEmpty()) {
            message.append("Processes of an earlier local stack on this data folder are still running: ")
                    .append(String.join(", ", survivors))
                    .append(".\nStop that stack with Ctrl-C in its terminal, or end these processes by their ids.\n");
        }
        message.append("Free the port")
                .append(taken.size() > 1 ? "s" : "")
                .append(", or run beside it with --ports-offset N (for example --ports-offset ")
                .append(offset + 100)
                .append(").");
        return message.toString();
    }

    private static List<String> survivors(Path pidsDir) {
        List<String> alive = new ArrayList<>();
        if (!Files.isDirectory(pidsDir)) {
            return alive;
        }
        try (Stream<Path> files = Files.list(pidsDir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".pid")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                readPid(file)
                        .flatMap(ProcessHandle::of)
                        .filter(ProcessHandle::isAlive)
                        .ifPresent(handle -> alive.add(name + " (pid " + handle.pid() + ")"));
            }
        } catch (IOException e) {
            // no hint then
        }
        return alive;
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
