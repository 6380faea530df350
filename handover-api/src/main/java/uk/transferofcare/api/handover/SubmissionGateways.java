package uk.transferofcare.api.handover;

import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.events.HandoverSubmission;

/**
 * Which {@link SubmissionGateway} answers submissions: {@code handover.submissions.sink=kafka} (the default), the
 * real one. {@code noop} (env {@code HANDOVER_SUBMISSIONS_SINK}) is the benchmark's twin of the same endpoint: every
 * valid submission is answered 201 at once, with no Kafka and no processor, so a benchmark measures the endpoint with
 * and without them in one run. Everything before the gateway (security, rate limit, validation, role permissions) is
 * unchanged. It is refused unless the {@code bench} profile is active, and any other value stops start-up naming the
 * key. Never use it where submissions matter: nothing is recorded.
 */
@Configuration(proxyBeanMethods = false)
class SubmissionGateways {

    static final String PROPERTY = "handover.submissions.sink";
    static final String PROFILE = "bench";

    private static final Logger log = LoggerFactory.getLogger(SubmissionGateways.class);

    @Bean
    SubmissionGateway submissionGateway(
            Environment environment,
            KafkaTemplate<String, HandoverSubmission> submissionTemplate,
            VerdictWaiters waiters,
            SubmissionProperties properties,
            Clock clock,
            JdbcTemplate jdbc) {
        String sink = environment.getProperty(PROPERTY, "kafka").trim();
        if (sink.equals("kafka")) {
            return new KafkaSubmissionGateway(
                    submissionTemplate, waiters, properties, clock, FirstSubmitters.fromProjection(jdbc));
        }
        if (!sink.equals("noop")) {
            throw new IllegalStateException(PROPERTY + " must be 'kafka' (the default) or 'noop', not '" + sink + "'");
        }
        if (!environment.matchesProfiles(PROFILE)) {
            throw new IllegalStateException(PROPERTY + "=noop drops every submission instead of writing it to Kafka and"
                    + " is allowed only with the '" + PROFILE + "' profile (active profiles: "
                    + Arrays.toString(environment.getActiveProfiles()) + ")");
        }
        log.warn("{}=noop (profile {}): submissions are answered WITHOUT being written to Kafka", PROPERTY, PROFILE);
        return new NoopGateway();
    }

    /** Answers every submission 201 at once, as if applied: the benchmark's baseline. */
    static final class NoopGateway implements SubmissionGateway {

        private final AtomicLong sequence = new AtomicLong();

        @Override
        public CompletableFuture<ResponseEntity<?>> submit(Caller caller, ValidatedSubmission submission) {
            String location = SubmissionVerdict.statusUrl(submission.caseId(), submission.eventId());
            return CompletableFuture.completedFuture(ResponseEntity.created(URI.create(location))
                    .body(new SubmissionAnswers.Receipt(
                            submission.eventId(),
                            submission.caseId(),
                            submission.type().name(),
                            "APPLIED",
                            sequence.incrementAndGet(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            location)));
        }
    }
}
