package uk.transferofcare.support.serde;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes it does not trust while decoding. This registers the packages of our
 * generated classes with Avro's global {@link ClassSecurityValidator}, once per package, keeping the defaults (and
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}) in force.
 */
final class AvroClassTrust {

    private static final Set<String> TRUSTED = ConcurrentHashMap.newKeySet();

    private AvroClassTrust() {}

    static synchronized void trust(String commaSeparatedPackages) {
        Arrays.stream(commaSeparatedPackages.split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .filter(TRUSTED::add)
                .forEach(pkg -> {
                    String prefix = pkg + ".";
                    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
                    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                            previous, type -> type.getName().startsWith(prefix)));
                });
    }
}
