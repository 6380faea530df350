import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;

/**
 * Writes a PKCS12 entry's private key (PKCS#8) and certificate chain as PEM files, for servers that read PEM (PostgreSQL)
 * where keytool exports only certificates. Run by make-secrets.sh with the JDK's source launcher:
 *
 * <pre>java PemExport.java store.p12 alias store-password-file key.pem chain.pem</pre>
 */
public final class PemExport {

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: java PemExport.java <store.p12> <alias> <password file> <key.pem> <chain.pem>");
            System.exit(2);
        }
        char[] password = Files.readString(Path.of(args[2])).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(args[0]))) {
            store.load(in, password);
        }
        PrivateKey key = (PrivateKey) store.getKey(args[1], password);
        if (key == null) {
            System.err.println("PemExport: no key entry " + args[1] + " in " + args[0]);
            System.exit(1);
        }
        Path keyFile = Path.of(args[3]);
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        StringBuilder chain = new StringBuilder();
        for (Certificate certificate : store.getCertificateChain(args[1])) {
            chain.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        Files.writeString(Path.of(args[4]), chain, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
