package uk.transferofcare.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Generated secrets kept in the data folder: one password per file, readable by the owner only, created once and
 * then read back, so nothing secret is in the repository and no two data folders share one.
 */
final class SecretFiles {

    static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9]{16,128}");
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 32;

    private SecretFiles() {}

    /**
     * The password in {@code file}, generated (random, {@value #LENGTH} letters and digits) if the file does not exist
     * yet; two launchers generating at once agree on the first one moved into place.
     *
     * @throws IOException naming the file when it holds something that is not such a password
     */
    static String password(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String password = Files.readString(file).strip();
            if (!PASSWORD.matcher(password).matches()) {
                throw new IOException(file + " must hold one password of 16 to 128 letters and digits");
            }
            return password;
        }
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        Path staging = file.resolveSibling(file.getFileName() + ".new");
        writeOwnerOnly(staging, password + "\n");
        try {
            Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(staging);
            return password(file);
        }
        return password.toString();
    }

    /** Writes {@code text} into a new file readable and writable by the owner only (replacing an older one). */
    static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
