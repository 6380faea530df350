package uk.transferofcare.api.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method whose every call (allowed, refused or not found) is written to {@code audit.reads}: who, when,
 * which case, board or report, and the status answered. A stream ({@link Kind#STREAM}) is recorded once, when it
 * opens (or is refused), not when it ends.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AuditedRead {

    Kind value();

    /** Only these request parameters are recorded, and only when they are codes or dates (see {@link ReadAudit}). */
    String[] parameters() default {};

    /** What was read. */
    enum Kind {
        CASE,
        VERDICT,
        REPORT,
        AUDIT,
        /** The board's list of a site's or a division's cases. */
        BOARD,
        /** The board's live stream of a site's or a division's cases, recorded when it opens. */
        STREAM,
        /** The supervisor's queue of their organisation's rejected submissions. */
        REJECTIONS
    }
}
