package uk.transferofcare.api.report;

import java.util.List;

/**
 * The layout of {@code projection.report_cases.report_flags}, the integer PostgreSQL packs on every write from what the
 * reports count of a case (the stored generated column of migration {@code V12__report_flags.sql}, which spells the
 * same codes out). Each method here gives what one report count counts as a predicate over a row (of report_cases or
 * report_facts, which copies the column): one integer test instead of text comparisons. {@code ReportFlagsIT} writes a
 * case for every code and checks each is counted under its own code only.
 */
final class ReportFlags {

    static final String COLUMN = "report_flags";

    /** Set for a CLOSED case; the reports read OPEN and CLOSED rows only, so clear means OPEN. */
    static final int CLOSED = 1;

    /** Outcome codes, bits 1-3: the position in this list plus one (0: none). */
    static final List<String> OUTCOME_CODES = List.of(
            "CLEARED",
            "CANCELLED",
            "DIVERTED",
            "ABSCONDED",
            "ENDED_WITHOUT_HANDOVER",
            ReportCodes.REFERRED_AT_SCENE,
            ReportCodes.NOT_RECORDED);

    private static final int OUTCOME_SHIFT = 1;
    private static final int OUTCOME_MASK = 7 << OUTCOME_SHIFT;
    static final int COMPLETE = 1 << 4;
    private static final int ESCALATION_SHIFT = 5;
    private static final int ESCALATION_MASK = 3 << ESCALATION_SHIFT;
    static final int LEGAL_CLOCK_BREACHED = 1 << 7;
    static final int REPEAT_WITHIN_30D = 1 << 8;
    static final int REPEAT_WITHIN_90D = 1 << 9;
    private static final int DISPOSITION_SHIFT = 10;
    private static final int DISPOSITION_MASK = 7 << DISPOSITION_SHIFT;
    private static final int PATHWAY_SHIFT = 13;
    private static final int PATHWAY_MASK = 3 << PATHWAY_SHIFT;
    private static final int DELAY_REASON_SHIFT = 15;

    /** Bits 15-21: one per delay reason, seven in all (the migration's last bit is 21). */
    private static final int DELAY_REASON_BITS = 7;

    /** The highest escalation level the column tells apart (3 means 3 or more). */
    static final int MAX_ESCALATION_LEVEL = 3;

    private ReportFlags() {}

    /** Open cases. */
    static String open() {
        return COLUMN + " & " + CLOSED + " = 0";
    }

    /** Closed cases whose every bit of {@code flags} is set. */
    static String closedWith(int flags) {
        return closedMatching(flags, flags);
    }

    /** Closed cases with this outcome ({@link #OUTCOME_CODES}). */
    static String closedWithOutcome(String outcome) {
        return closedMatching(OUTCOME_MASK, outcome(outcome));
    }

    /** Closed cases whose highest escalation level is at least {@code level} (1 to {@link #MAX_ESCALATION_LEVEL}). */
    static String closedEscalatedTo(int level) {
        if (level < 1 || level > MAX_ESCALATION_LEVEL) {
            throw new IllegalArgumentException("escalation level " + level + " is not 1 to " + MAX_ESCALATION_LEVEL);
        }
        return COLUMN + " & " + CLOSED + " = " + CLOSED + " AND " + COLUMN + " & " + ESCALATION_MASK + " >= "
                + (level << ESCALATION_SHIFT);
    }

    /** Closed cases with this disposition, the position in {@code dispositions} plus one being its code. */
    static String closedWithDisposition(List<String> dispositions, String disposition) {
        return closedMatching(
                DISPOSITION_MASK,
                code(dispositions, disposition, DISPOSITION_MASK >> DISPOSITION_SHIFT) << DISPOSITION_SHIFT);
    }

    /** Closed cases referred at the scene to this pathway (its position in {@code pathways} plus one). */
    static String closedReferredTo(List<String> pathways, String pathway) {
        int value = outcome(ReportCodes.REFERRED_AT_SCENE)
                | code(pathways, pathway, PATHWAY_MASK >> PATHWAY_SHIFT) << PATHWAY_SHIFT;
        return closedMatching(OUTCOME_MASK | PATHWAY_MASK, value);
    }

    /** Closed cases with this delay reason among theirs (one bit per reason, in the order of {@code reasons}). */
    static String closedDelayedBy(List<String> reasons, String reason) {
        int index = reasons.indexOf(reason);
        if (index < 0 || index >= DELAY_REASON_BITS) {
            throw new IllegalArgumentException("delay reason " + reason + " has no bit in report_flags");
        }
        return closedWith(1 << (DELAY_REASON_SHIFT + index));
    }

    private static int outcome(String outcome) {
        return code(OUTCOME_CODES, outcome, OUTCOME_MASK >> OUTCOME_SHIFT) << OUTCOME_SHIFT;
    }

    private static int code(List<String> codes, String value, int max) {
        int code = codes.indexOf(value) + 1;
        if (code < 1 || code > max) {
            throw new IllegalArgumentException(value + " has no code in report_flags");
        }
        return code;
    }

    private static String closedMatching(int mask, int value) {
        return COLUMN + " & " + (CLOSED | mask) + " = " + (CLOSED | value);
    }
}
