package uk.transferofcare.api.devtoken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The dev tokens' key pair from a PEM file ({@code -----BEGIN PRIVATE KEY-----}, PKCS #8, RSA): what {@code ./run}
 * writes for a run that starts several API instances behind one port ({@code handover.security.dev-tokens.key-file}).
 * The public half is derived from the private key's CRT parameters.
 */
public final class DevTokenKeyFile {

    static final String PROPERTY = "handover.security.dev-tokens.key-file (DEV_TOKEN_KEY_FILE)";
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private DevTokenKeyFile() {}

    /**
     * @throws IllegalStateException naming the property, the file and what is wrong with it: start-up stops
     */
    public static KeyPair read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw invalid(file, "cannot be read (" + e + ")");
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw invalid(file, "is not a PEM file with one " + BEGIN + " block (PKCS #8)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw invalid(file, "holds a PEM block that is not Base64");
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(key instanceof RSAPrivateCrtKey crt)) {
                throw invalid(file, "holds an RSA key without its CRT parameters (the public exponent is needed)");
            }
            if (crt.getModulus().bitLength() < 2048) {
                throw invalid(file, "holds an RSA key of " + crt.getModulus().bitLength() + " bits; at least 2048");
            }
            return new KeyPair(
                    rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())), crt);
        } catch (GeneralSecurityException e) {
            throw invalid(file, "does not hold an RSA private key in PKCS #8 (" + e.getMessage() + ")");
        }
    }

    /** The PEM text of a private key, as {@link #read} expects it. */
    public static String pem(PrivateKey key) {
        return BEGIN + "\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n" + END + "\n";
    }

    private static IllegalStateException invalid(Path file, String what) {
        return new IllegalStateException(PROPERTY + ": " + file + " " + what);
    }
}
