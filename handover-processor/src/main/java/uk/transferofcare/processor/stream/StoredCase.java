package uk.transferofcare.processor.stream;

import java.time.Instant;
import java.util.Objects;
import uk.transferofcare.processor.domain.CaseFile;

/**
 * The value of the case store: the whole {@link CaseFile} and the due time under which the case is filed in the
 * timer index (null: not filed), so that the next change removes exactly that index entry.
 */
record StoredCase(CaseFile caseFile, Instant timerDueAt) {

    StoredCase {
        Objects.requireNonNull(caseFile, "caseFile");
    }
}
