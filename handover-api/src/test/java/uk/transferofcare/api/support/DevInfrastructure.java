package uk.transferofcare.api.support;

import java.util.concurrent.CountDownLatch;
import uk.transferofcare.testkit.EmbeddedPlatformInfrastructure;

/**
 * A dev launcher: the same embedded KRaft broker and schema registry the tests use, on random ports, until Ctrl-C.
 * Run the API's jar against the addresses it prints:
 *
 * <pre>
 * ./mvnw -q -pl handover-api test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=uk.transferofcare.api.support.DevInfrastructure
 * </pre>
 */
public final class DevInfrastructure {

    private DevInfrastructure() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPlatformInfrastructure infrastructure = EmbeddedPlatformInfrastructure.start();
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close));
        System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + infrastructure.bootstrapServers());
        System.out.println("SCHEMA_REGISTRY_URL=" + infrastructure.schemaRegistryUrl());
        new CountDownLatch(1).await();
    }
}
