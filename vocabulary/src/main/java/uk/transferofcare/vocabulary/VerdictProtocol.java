package uk.transferofcare.vocabulary;

/**
 * How a verdict finds its way back to the request that waits for it: the API puts a fresh request id in this Kafka
 * header of the submission record it produces; the processor copies the header onto that submission's outcome, and
 * onto nothing else (a record the processor itself writes to {@code handover-submissions}, such as the pre-alert of
 * the case a diversion opens, must not carry it, or its outcome would answer the diversion's request).
 */
public final class VerdictProtocol {

    /** The Kafka header that ties a submission record, and so its outcome, to the request that produced it. */
    public static final String REQUEST_ID_HEADER = "toc-request-id";

    private VerdictProtocol() {}
}
