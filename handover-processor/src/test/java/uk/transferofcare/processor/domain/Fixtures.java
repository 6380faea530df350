package uk.transferofcare.processor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.TimePoint;

/** Shared vocabulary for the state machine's tests: one case at site QEUH brought by division G. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final String CASE = "case-1";
    static final String SITE = "QEUH";
    static final String OTHER_SITE = "RIE";
    static final String DIVISION = "G";
    static final String OTHER_DIVISION = "E";

    static final Actor OFFICER = new Actor("PC1234", Role.OFFICER, DIVISION);
    static final Actor ED = new Actor("RN0045", Role.ED_STAFF, SITE);
    static final Actor POLICE_SUPERVISOR = new Actor("SGT77", Role.SUPERVISOR, DIVISION);
    static final Actor ED_SUPERVISOR = new Actor("CN0001", Role.SUPERVISOR, SITE);
    static final Actor ADMIN = new Actor("ADM1", Role.ADMIN, "ADMIN");
    static final Actor ANALYST = new Actor("AN1", Role.ANALYST, "PHS");

    static final Source OFFICER_DEVICE = new Source(SourceChannel.OFFICER_APP, "officer-device", false);
    static final Source ED_DEVICE = new Source(SourceChannel.ED_BOARD, "ed-device", false);

    /** Default delay between occurredAt and receivedAt. */
    static final Duration DELIVERY = Duration.ofSeconds(10);

    private Fixtures() {}

    /** T0 plus whole minutes. */
    static Instant min(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** A submission builder with the usual actor for the type's side, delivered 10 s after it happened. */
    static Builder submit(String eventId, EventType type, Instant occurredAt) {
        return new Builder(eventId, type, occurredAt);
    }

    static Builder preAlert(String eventId, Instant at) {
        return submit(eventId, EventType.PRE_ALERTED, at).details(Details.site(SITE));
    }

    static Builder arrive(String eventId, Instant at) {
        return submit(eventId, EventType.ARRIVED, at).details(Details.site(SITE));
    }

    /** ED staff record an arrival naming the site and the police division (as when they open a case). */
    static Builder edArrive(String eventId, Instant at) {
        return arrive(eventId, at).by(ED).details(Details.site(SITE).withPoliceDivision(DIVISION));
    }

    static Builder correct(String eventId, TimePoint point, Instant to, Instant at) {
        return submit(eventId, EventType.CORRECTED, at)
                .by(ED_SUPERVISOR)
                .details(Details.EMPTY.withCorrection(point, to, "clock of device was wrong"));
    }

    static final class Builder {
        private final String eventId;
        private final EventType type;
        private final Instant occurredAt;
        private Instant receivedAt;
        private Actor actor;
        private Source source;
        private Details details = Details.EMPTY;
        private String caseId = CASE;

        private Builder(String eventId, EventType type, Instant occurredAt) {
            this.eventId = eventId;
            this.type = type;
            this.occurredAt = occurredAt;
            this.receivedAt = occurredAt.plus(DELIVERY);
            boolean police = switch (type) {
                case PRE_ALERTED,
                        ARRIVED,
                        CLEARED,
                        CANCELLED,
                        DIVERTED,
                        ABSCONDED,
                        ENDED_WITHOUT_HANDOVER,
                        REFERRED_AT_SCENE -> true;
                default -> false;
            };
            boolean supervisor = type == EventType.CORRECTED
                    || type == EventType.ENTERED_IN_ERROR
                    || type == EventType.CLOSED_NOT_RECORDED;
            this.actor = supervisor ? ED_SUPERVISOR : police ? OFFICER : ED;
            this.source = police ? OFFICER_DEVICE : ED_DEVICE;
        }

        Builder by(Actor value) {
            this.actor = value;
            return this;
        }

        Builder from(Source value) {
            this.source = value;
            return this;
        }

        Builder received(Instant value) {
            this.receivedAt = value;
            return this;
        }

        Builder details(Details value) {
            this.details = value;
            return this;
        }

        Builder forCase(String value) {
            this.caseId = value;
            return this;
        }

        Submission build() {
            return new Submission(eventId, caseId, type, occurredAt, receivedAt, actor, source, details);
        }
    }

    /** Feeds submissions one by one through a state machine, processing each 1 s after it was received. */
    static final class Run {
        final HandoverStateMachine machine;
        final List<Decision> decisions = new ArrayList<>();
        CaseFile caseFile;

        Run(HandoverStateMachine machine) {
            this.machine = machine;
        }

        static Run of(Builder... submissions) {
            return new Run(new HandoverStateMachine()).then(submissions);
        }

        Run then(Builder... submissions) {
            for (Builder builder : submissions) {
                then(builder.build());
            }
            return this;
        }

        Run then(Submission submission) {
            Decision decision =
                    machine.decide(caseFile, submission, submission.receivedAt().plusSeconds(1));
            decisions.add(decision);
            if (decision.caseFile() != null) {
                caseFile = decision.caseFile();
            }
            return this;
        }

        /** Decides one more submission without keeping it: for the "when" of a test. */
        Decision decide(Builder submission) {
            Submission built = submission.build();
            return machine.decide(caseFile, built, built.receivedAt().plusSeconds(1));
        }

        Decision last() {
            return decisions.get(decisions.size() - 1);
        }
    }
}
