package uk.transferofcare.api.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import uk.transferofcare.testkit.PlatformIntegrationTest;
import uk.transferofcare.testkit.WebServerContexts;
import uk.transferofcare.testkit.WithPostgres;

/**
 * The one Spring context the integration tests share: the whole application on a random port, in the {@code local}
 * profile (tokens signed by {@code /dev/tokens}' key, so MockMvc and the browser use real JWTs through the real
 * filter chain), against the JVM's shared KRaft broker and schema registry, and a database of its own on the JVM's
 * shared PostgreSQL.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@PlatformIntegrationTest
@WithPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "handover.submissions.ack-timeout=3s",
            // Verdicts, not timing: a busy CI machine must not turn an answer into a 202 (PENDING has its own test).
            "handover.submissions.verdict-timeout=20s",
            "handover.submissions.retry-after=2s",
            // Low enough that a burst test reaches it on a slow machine; tests use a user id per scenario.
            "handover.submissions.rate-limit.limit-for-period=5",
            "handover.stream.heartbeat=1s"
        })
@ActiveProfiles("local")
@AutoConfigureMockMvc
@Import(WebServerContexts.class) // part of the shared context: the endpoint sweep reads both web servers' mappings
public @interface HandoverApiIntegrationTest {}
