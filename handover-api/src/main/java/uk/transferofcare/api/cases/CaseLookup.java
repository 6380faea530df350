package uk.transferofcare.api.cases;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.access.AccessPolicy;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.access.CaseFacts;
import uk.transferofcare.api.handover.SubmissionValidator;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.projection.ProjectionLag;

/**
 * The one read path of a single case, shared by every view of it (the JSON case view, the FHIR Task): the id must be a
 * UUID (400), the case must be known, after a bounded wait for the projection to hold what was committed when the
 * read began (404), and the caller must be allowed to read it by {@link AccessPolicy} (403, naming no fact of the
 * case).
 */
@Component
public class CaseLookup {

    private final CaseReads reads;
    private final ProjectionLag projection;

    CaseLookup(CaseReads reads, ProjectionLag projection) {
        this.reads = reads;
        this.projection = projection;
    }

    /** The case as its latest snapshot has it (without rejections), when this caller may read it. */
    public CaseView readable(String caseId, Caller caller) {
        String id = SubmissionValidator.requireUuid(caseId, "caseId");
        Instant asked = projection.now();
        CaseView view = known(() -> reads.find(id), asked)
                .orElseThrow(() -> ApiProblem.notFound("caseId", "no case " + id + " is known"));
        if (!AccessPolicy.canRead(caller, new CaseFacts(view.siteCode(), view.policeDivision()))) {
            throw ApiProblem.forbidden(
                    "caseId", "not-permitted", caller.role() + " of " + caller.org() + " may not read this case");
        }
        return view;
    }

    /**
     * What the projection has; when it has nothing, first waits (bounded) until it holds what was committed to the
     * topics when the read began, then looks again.
     */
    <T> Optional<T> known(Supplier<Optional<T>> lookup, Instant asked) {
        Optional<T> found = lookup.get();
        if (found.isPresent() || !projection.awaitCaughtUpSince(asked)) {
            return found;
        }
        return lookup.get();
    }
}
