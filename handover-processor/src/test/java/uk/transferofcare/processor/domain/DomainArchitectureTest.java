package uk.transferofcare.processor.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The domain is plain Java: no Kafka, Spring, Avro or wire types (uk.transferofcare.events), no I/O
 * and no wall clock. It may use the shared vocabulary (plain Java too) and the JDK's digests (a
 * submission's fingerprint). The Kafka layer maps to and from it at the edge.
 */
class DomainArchitectureTest {

    private static final String DOMAIN = "uk.transferofcare.processor.domain";

    private static JavaClasses DOMAIN_CLASSES;

    /**
     * Imports only the domain's own classes: resolving every JDK class they touch from the class path
     * (ArchUnit's default) takes seconds and adds nothing to these rules, which match by package and
     * name. The global setting is restored so other ArchUnit tests in the JVM are unaffected.
     */
    @BeforeAll
    static void importDomain() {
        ArchConfiguration configuration = ArchConfiguration.get();
        boolean resolve = configuration.resolveMissingDependenciesFromClassPath();
        configuration.setResolveMissingDependenciesFromClassPath(false);
        try {
            // The compiled main classes only: scanning the whole class path for the package is slow.
            Path classes = Path.of(HandoverStateMachine.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .resolve(DOMAIN.replace('.', '/'));
            DOMAIN_CLASSES = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPath(classes);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } finally {
            configuration.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    @Test
    void theDomainDependsOnlyOnTheJdkAndItself() {
        classes()
                .that()
                .resideInAPackage(DOMAIN + "..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        DOMAIN + "..",
                        "java.lang..",
                        "java.util..",
                        "java.time..",
                        "java.nio.charset..",
                        "java.security..",
                        "uk.transferofcare.vocabulary..")
                .because("the state machine must be callable from Kafka Streams without bringing any framework in")
                .check(DOMAIN_CLASSES);
    }

    @Test
    void theDomainNeverTouchesKafkaSpringAvroOrTheWireTypes() {
        noClasses()
                .that()
                .resideInAPackage(DOMAIN + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "org.springframework..",
                        "org.apache.avro..",
                        "uk.transferofcare.events..")
                .check(DOMAIN_CLASSES);
    }

    @Test
    void theDomainReadsNoWallClockAndDoesNoIo() {
        noClasses()
                .that()
                .resideInAPackage(DOMAIN + "..")
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(Clock.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("java.io..", "java.nio.file..", "java.net..")
                .check(DOMAIN_CLASSES);
    }
}
